"""The live classroom: every student plays a member state, the room sees the Council decide.

A local web server (``eusim classroom``; the optional ``classroom`` extra) with three
views — the lecturer's controls, a phone-sized ballot per seat and a projector page with the
live tally under every chosen rule — over a session stored in SQLite. Modules, bottom up:

* :mod:`sim.classroom.spec` — the validated session specification and its Council;
* :mod:`sim.classroom.bots` — the one place where seats nobody plays are drawn;
* :mod:`sim.classroom.analysis` — verdicts (the rule kernel), explanations, pivotal members,
  "how likely was this";
* :mod:`sim.classroom.store` — the SQLite database (sessions, seats, rounds, ballots);
* :mod:`sim.classroom.service` — what the lecturer and the students may do, checked;
* :mod:`sim.classroom.views` — the states the pages show, and the export;
* :mod:`sim.classroom.api`, :mod:`sim.classroom.pages` — the JSON API and the HTML pages;
* :mod:`sim.classroom.server` — start-up: URLs, QR code, uvicorn.

Only the last three import the web libraries; the rest needs NumPy and pydantic alone.
"""
