"""The classroom in a real browser: Debian's chromium driven by Playwright.

A lecturer, a projector and six students, each in their own browser context, run a round;
the projector must show the rule kernel's verdict under every rule, live and after the
reveal. Screenshots of the three views are written to ``EUSIM_SCREENSHOT_DIR`` when set
(the docs' images come from ``EUSIM_SCREENSHOT_DIR=docs/img``).

Without Playwright or ``/usr/bin/chromium`` the test skips, saying why; with
``EUSIM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the skip is a failure instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import numpy as np
import pytest

from sim.council import load_council
from sim.council.kernel import adopted
from sim.council.rules import Vote

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STUDENTS = {"DE": "no", "FR": "no", "IT": "no", "ES": "no", "PL": "abstain", "HU": "no"}
"""Seats played in the test and their ballots (under rqmv: no = reject); the rest vote yes."""
TIMEOUT_MS = 10_000


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e \".[test,classroom]\")"
    try:
        import fastapi  # noqa: F401
    except ImportError:
        return "the classroom extra is not installed"
    if not CHROMIUM.exists():
        return f"no {CHROMIUM} (apt-get install chromium)"
    return None


def skip_or_fail(reason: str) -> None:
    """Skip, saying why; under ``EUSIM_REQUIRE_BROWSER=1`` (CI) fail instead."""
    if os.environ.get("EUSIM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required but cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason is not None:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    from classroom_server import start

    s = start(tmp_path / "room.db")
    yield s
    s.stop()


def expected_verdicts(rules):
    council = load_council()
    votes = np.full(council.size, Vote.YES, dtype=np.int8)
    words = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}
    for code, vote in STUDENTS.items():
        votes[council.codes.index(code)] = words[vote]
    return {r: str(bool(adopted(r, votes, council)[0])).lower() for r in rules}


def shot(page, name):
    folder = os.environ.get("EUSIM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_round_in_the_browser(browser, server):
    from playwright.sync_api import expect

    rules = ["rqmv", "qmv", "unanimity"]
    made = httpx.post(f"{server.base}/api/sessions", headers=server.headers, json={
        "title": "Reduce pre-accession funding to Serbia by 50 % (civil society spared)",
        "rules": rules, "unplayed": "yes", "seats": [[c] for c in STUDENTS]}).json()
    seats = {s["members"][0]: s for s in made["seats"]}
    expected = expected_verdicts(rules)
    assert set(expected.values()) == {"true", "false"}  # the rules disagree: a real check

    lecturer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    lecturer.goto(f"{server.base}/lecturer?token={server.lecturer_token}")
    projector = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    projector.goto(f"{server.base}/projector")
    expect(projector.locator("#title")).to_contain_text("Serbia", timeout=TIMEOUT_MS)
    lecturer.locator("#open").click()
    expect(projector.locator(".pill")).to_have_text("Round 1 · open", timeout=TIMEOUT_MS)
    expect(projector.locator(".seat-code")).to_have_count(len(STUDENTS))  # nobody joined yet
    shot(projector, "classroom-projector-open.png")

    phones = {}
    for code in STUDENTS:
        sharp = 2 if os.environ.get("EUSIM_SCREENSHOT_DIR") else 1  # retina for the docs
        context = browser.new_context(viewport={"width": 390, "height": 780},
                                      device_scale_factor=sharp, is_mobile=True,
                                      has_touch=True)
        page = context.new_page()
        page.goto(seats[code]["link"])
        phones[code] = page
    for code, vote in STUDENTS.items():
        button = phones[code].locator(f'.vote-button[data-vote="{vote}"]')
        expect(button).to_be_enabled(timeout=TIMEOUT_MS)
        label = "reject" if vote == "no" else vote
        expect(button).to_have_text(label)  # reverse QMV words the buttons
        if code == "HU":  # a change of mind: let it stand first, then reject
            phones[code].locator('.vote-button[data-vote="yes"]').click()
            expect(phones[code].locator(".your-vote")).to_have_text("Your vote: let it stand")
        button.click()
        expect(button).to_have_class("vote-button no chosen" if vote == "no"
                                     else f"vote-button {vote} chosen")
    expect(projector.locator("#voted-count")).to_have_text("6 of 6 voted", timeout=TIMEOUT_MS)
    for rule, verdict in expected.items():  # live, before the round closes
        card = projector.locator(f'.verdict-card[data-rule="{rule}"]')
        expect(card).to_have_attribute("data-adopted", verdict, timeout=TIMEOUT_MS)
    shot(phones["HU"], "classroom-student.png")

    lecturer.locator("#close").click()
    expect(lecturer.locator("#reveal")).to_be_enabled(timeout=TIMEOUT_MS)
    lecturer.locator("#reveal").click()
    expect(projector.locator(".pill")).to_have_text("Round 1 · revealed", timeout=TIMEOUT_MS)
    expect(projector.locator("#result h2").first).to_have_text("How likely was this?")
    for rule, verdict in expected.items():
        card = projector.locator(f'.verdict-card[data-rule="{rule}"]')
        expect(card).to_have_attribute("data-adopted", verdict)
        expect(card.locator(".explanation")).not_to_be_empty()
    expect(projector.locator('.tile[data-code="HU"]')).to_have_class("tile vote-no ")
    expect(phones["DE"].locator("#verdicts li")).to_have_count(3, timeout=TIMEOUT_MS)
    expect(lecturer.locator("#rounds tr")).to_have_count(1)
    shot(projector, "classroom-projector.png")
    shot(lecturer, "classroom-lecturer.png")


def test_ci_turns_the_skip_into_a_failure(monkeypatch):
    monkeypatch.setenv("EUSIM_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="required"):
        skip_or_fail("no chromium")
    monkeypatch.delenv("EUSIM_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="no chromium"):
        skip_or_fail("no chromium")


def test_chromium_is_the_system_one():
    """The browser tests use Debian's chromium, never a downloaded build."""
    if _unavailable() is None:
        assert shutil.which("chromium") == str(CHROMIUM)
