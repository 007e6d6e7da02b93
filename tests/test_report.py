"""``eusim report``: one self-contained HTML page that renders offline, in a real browser."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from sim.cli import main
from sim.report.figures import FIGURES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REQUIRE_BROWSER = os.environ.get("EUSIM_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "serbia"
    assert main(["run", "serbia_2022", "--runs", "12", "--seed", "7", "--rule",
                 "rqmv,unanimity", "--out", str(folder), "--no-plots", "--quiet"]) == 0
    return folder


@pytest.fixture(scope="module")
def page(results) -> Path:
    assert main(["report", str(results)]) == 0
    return results / "report.html"


def test_report_holds_every_part(page, results):
    text = page.read_text(encoding="utf-8")
    for section in ("question", "summary", "figures", "story", "scenario", "provenance"):
        assert f"<section id={section}>" in text
    assert "Serbia 2022" in text and "Where the numbers come from" not in text
    summary = text[text.index("<table class=summary>"):]
    summary = summary[:summary.index("</table>")]
    assert summary.count("<tr>") == 3  # header, rqmv, unanimity: no pooled row
    assert "rule rqmv" in summary and "rule unanimity" in summary and "Wilson" not in summary
    assert text.count("<svg") == len([s for s in FIGURES if s.stem != "sweep"])
    # the story of replicate 0 with each vote explained (sim.report.story)
    story = text[text.index("<section id=story>"):text.index("<section id=scenario>")]
    assert "Council" in story and ("The proposal stands" in story or "Adopted" in story
                                   or "Not adopted" in story)
    assert "eusim run serbia_2022.py --runs 12 --seed 7 --rule rqmv,unanimity" in text
    assert "@media print" in text


def test_report_requests_nothing(page):
    """No script, stylesheet, image, font or remote URL: only the page's own references."""
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", text)
    assert not re.search(r"\bsrc\s*=", text) and "@import" not in text
    assert set(re.findall(r"url\(([^)]*)\)", text)) <= {
        u for u in re.findall(r"url\(([^)]*)\)", text) if u.startswith("#")}
    hrefs = set(re.findall(r'href="([^"]*)"', text))
    assert all(h.startswith("#") for h in hrefs)


def test_report_errors_are_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a results folder" in err
    assert not list(tmp_path.iterdir())


def _browser():
    """Playwright's Chromium on Debian's binary, or a skip (a failure under CI)."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[browser]')"
    if reason is None and shutil.which(CHROMIUM) is None:
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason is not None:
        if REQUIRE_BROWSER:
            pytest.fail(f"EUSIM_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return sync_playwright


def test_report_renders_offline_in_chromium(page, tmp_path):
    """Every figure renders with a size, and no request leaves the file."""
    sync_playwright = _browser()
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})

            def route(r):
                requests.append(r.request.url)
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    r.abort()

            tab.route("**/*", route)
            tab.goto(page.resolve().as_uri(), wait_until="load")
            boxes = tab.eval_on_selector_all(
                "figure svg", "els => els.map(e => { const b = e.getBoundingClientRect();"
                " return [b.width, b.height, e.querySelectorAll('path').length]; })")
            tab.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            pdf_ok = tab.pdf(path=str(tmp_path / "report.pdf")) is not None
        finally:
            browser.close()
    assert [r for r in requests if not r.startswith("file:")] == []
    assert len(boxes) == len([s for s in FIGURES if s.stem != "sweep"])
    for width, height, paths in boxes:
        assert width > 600 and height > 200 and paths > 20
    assert pdf_ok and (tmp_path / "report.pdf").stat().st_size > 10_000
    shot = os.environ.get("EUSIM_REPORT_SCREENSHOT")
    if shot:
        shutil.copy(tmp_path / "report.png", shot)
