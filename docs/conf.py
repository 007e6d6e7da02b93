"""Sphinx configuration of the eusim documentation (see `.ci/run` for the build command).

Pages are MyST Markdown; the notebooks (``notebooks/*.py``, jupytext percent scripts) are
executed by MyST-NB at every build; the scenario reference, the gallery and the notebook
copies are generated into ``docs/_generated/`` by ``docs/_ext/eusim_docs.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

from sim import __version__  # noqa: E402

project = "eusim"
author = "The eusim developers"
copyright = "the eusim developers, MIT licence"
release = version = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "eusim_docs",
]
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "_ext", "conf.py"]
source_suffix = {".md": "myst-nb", ".py": "myst-nb"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# notebooks: jupytext percent scripts, executed at each build; an error fails the build
nb_custom_formats = {".py": ["jupytext.reads", {"fmt": "py:percent"}]}
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
nitpicky = False

html_theme = "pydata_sphinx_theme"
html_title = f"eusim {release}"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars: dict[str, list[str]] = {"**": []}  # no left sidebar: wide pages
