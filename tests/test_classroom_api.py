"""The classroom's JSON API and pages in-process: who may do what, and every refusal a 4xx
with a one-line reason."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi", reason="needs the classroom extra")
from fastapi.testclient import TestClient

from sim.classroom.server import create_app
from sim.classroom.store import Store


@pytest.fixture
def client(tmp_path):
    store = Store.open(tmp_path / "c.db")
    app = create_app(store, "http://127.0.0.1:9", "http://127.0.0.1:9/join")
    with TestClient(app) as c:
        c.headers.update({"X-Lecturer-Token": app.state.lecturer_token})
        c.token = app.state.lecturer_token  # type: ignore[attr-defined]
        yield c
    store.close()


def refused(response, status):
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail
    return detail


def test_a_round_through_the_api(client):
    made = client.post("/api/sessions", json={
        "rules": ["qmv", "unanimity"], "seed": 1, "unplayed": "yes",
        "seats": [["DE"], ["FR"], ["IT"], ["ES"]]})
    assert made.status_code == 201
    sid = made.json()["session"]["id"]
    seats = {s["members"][0]: s for s in made.json()["seats"]}
    assert seats["DE"]["link"].startswith("http://127.0.0.1:9/s/")
    assert client.post(f"/api/sessions/{sid}/rounds").json() == {"round": 1}
    token = seats["DE"]["token"]
    seat = client.get(f"/api/seat/{token}").json()
    assert seat["seat"]["members"][0]["code"] == "DE"
    assert seat["session"]["buttons"]["no"] == "no"
    for code, vote in [("DE", "no"), ("FR", "no"), ("IT", "no"), ("ES", "no")]:
        ok = client.put(f"/api/seat/{seats[code]['token']}/ballot", json={"round": 1, "vote": vote})
        assert ok.status_code == 200 and ok.json()["seat"]["members"][0]["vote"] == vote
    state = client.get("/api/state").json()
    assert state["round"]["voted"] == 4
    assert [v["rule"] for v in state["tally"]] == ["qmv", "unanimity"]
    client.post(f"/api/sessions/{sid}/close")
    client.post(f"/api/sessions/{sid}/reveal")
    state = client.get("/api/state").json()
    assert {v["rule"]: v["adopted"] for v in state["tally"]} == {"qmv": False, "unanimity": False}
    # alone, DE would leave three members against: too few to block (Art 16(4) TEU)
    assert "DE" in state["pivotal"]["qmv"] and state["pivotal"]["unanimity"] == []
    assert state["likelihood"]["samples"] == 2000
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/sessions/{sid}/ballots.csv").text)))
    assert sum(r["source"] == "student" for r in rows) == 4
    doc = json.loads(client.get(f"/api/sessions/{sid}/session.json").text)
    assert doc["rounds"][0]["status"] == "revealed" and len(doc["rounds"][0]["ballots"]) == 27
    assert "token" not in json.dumps(doc["seats"])


def test_every_refusal_is_a_4xx_with_one_line(client):
    sid = client.post("/api/sessions", json={"seats": [["DE", "FR"], ["PL"]]}).json()
    group, _pl = sid["seats"]
    sid = sid["session"]["id"]
    url = f"/api/seat/{group['token']}/ballot"
    assert "round" in refused(client.put(url, json={"round": 1, "vote": "no", "member": "DE"}), 409)
    client.post(f"/api/sessions/{sid}/rounds")
    cases = [
        (client.put(url, json={"round": 1, "vote": "maybe", "member": "DE"}), 422),
        (client.put(url, json={"round": 1, "vote": "no"}), 422),
        (client.put(url, json={"round": 1, "vote": "no", "member": "PL"}), 403),
        (client.put(url, json={"round": 0, "vote": "no", "member": "DE"}), 422),
        (client.put(url, json={"round": 2, "vote": "no", "member": "DE"}), 409),
        (client.put(url, json={"round": 1, "vote": "no", "member": "DE", "x": 1}), 422),
        (client.put(url, content=b"{broken", headers={"Content-Type": "application/json"}), 422),
        (client.put(url, content=b"[1, 2]", headers={"Content-Type": "application/json"}), 422),
        (client.put("/api/seat/nobody/ballot", json={"round": 1, "vote": "no"}), 404),
        (client.get("/api/seat/nobody"), 404),
        (client.post(f"/api/sessions/{sid}/rounds"), 409),
        (client.post(f"/api/sessions/{sid}/reveal"), 409),
        (client.post("/api/sessions/77/close"), 404),
        (client.get("/api/sessions/x"), 422),
        (client.post("/api/sessions", json={"rules": []}), 422),
        (client.post("/api/sessions", json={"groups": 99}), 422),
        (client.post("/api/sessions", json={"seats": [["DE"], ["de"]]}), 422),
        (client.post("/api/sessions", json={"scenario": "../../etc/x"}), 422),
        (client.post("/api/sessions", json={"scenario": "no_such_one"}), 422),
        (client.post("/api/sessions", json="not an object"), 422),
        (client.delete(f"/api/sessions/{sid}"), 405),
        (client.get("/api/nothing"), 404),
    ]
    for response, status in cases:
        refused(response, status)
    anonymous = {"X-Lecturer-Token": ""}
    for method, path in [("post", f"/api/sessions/{sid}/close"), ("post", "/api/sessions"),
                         ("get", f"/api/sessions/{sid}/ballots.csv"),
                         ("post", f"/api/sessions/{sid}/reset")]:
        refused(client.request(method.upper(), path, headers=anonymous, json={}), 401)
    wrong = client.post(f"/api/sessions/{sid}/close", headers={"X-Lecturer-Token": "guess"})
    refused(wrong, 401)
    assert client.get("/api/state").json()["round"]["status"] == "open"  # nothing changed


def test_scenario_sessions_and_options(client):
    made = client.post("/api/sessions", json={"scenario": "serbia_2022", "jha": True})
    spec = made.json()["spec"]
    assert spec["scenario"] == "serbia_2022" and spec["jha"] and spec["candidate"] == "RS"
    assert spec["behaviour"]["members"]["HU"]["stance"] < 0
    options = client.get("/api/options").json()
    assert "serbia_2022" in options["scenarios"] and "rqmv" in options["default_rules"]


def test_pages(client):
    made = client.post("/api/sessions", json={}).json()
    seat = made["seats"][0]
    assert client.get("/lecturer").status_code == 401
    assert "lecturer.js" in client.get(f"/lecturer?token={client.token}").text
    assert "student.js" in client.get(f"/s/{seat['token']}").text
    assert client.get("/s/unknown").status_code == 404
    hop = client.get(f"/join?code={seat['code'].lower()}", follow_redirects=False)
    assert hop.status_code == 303 and hop.headers["location"] == f"/s/{seat['token']}"
    assert client.get("/join?code=NOPE1").status_code == 404
    assert client.get("/qr.svg").text.startswith("<?xml")
    assert client.get("/health").json() == {"status": "ok"}
    for asset in ("classroom.css", "classroom.js", "student.js", "projector.js", "lecturer.js"):
        assert client.get(f"/static/{asset}").status_code == 200
    page = client.get("/projector").text
    assert "http" not in page.replace("http://127.0.0.1:9/join", "")  # no CDN, no outside asset
