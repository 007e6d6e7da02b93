"""The one exception type for bad user input.

Anything a user can get wrong — an unknown member code, an impossible threshold, a
malformed population file or scenario — raises :class:`InputError` with a one-line message
that names the problem. The command line turns it into that line on stderr and exit
status 2; library users can catch it like any ``ValueError``.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from a user: the message is one line that names the problem."""
