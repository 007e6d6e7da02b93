/* The lecturer's controls: create a session, open / close / reveal / reset rounds, seat links, exports. */
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("token") || "";
  let sid = null;

  function error(msg) {
    const el = document.getElementById("error");
    el.textContent = msg || ""; el.classList.toggle("hidden", !msg);
  }

  async function act(method, path, body) {
    try { const out = await api(method, path, body, token); error(""); return out; }
    catch (e) { error(e.message); return null; }
  }

  async function loadSession() {
    if (sid === null) return;
    const s = await act("GET", `/api/sessions/${sid}`);
    if (!s) return;
    fill(document.getElementById("seats"), s.seats.map(seat => h("tr", {},
      h("td", {}, String(seat.number)), h("td", {class: "mono"}, seat.code), h("td", {}, seat.members.join(", ")),
      h("td", {}, seat.claimed ? "✓" : ""), h("td", {}, h("a", {href: seat.link, target: "_blank", class: "seat-link"}, "open ↗")))));
    fill(document.getElementById("rounds"), s.rounds.slice().reverse().map(r => h("tr", {},
      h("td", {}, String(r.number)), h("td", {}, r.status),
      h("td", {}, r.verdicts ? Object.entries(r.verdicts).map(([k, v]) => `${k}: ${k === "rqmv" ? (v ? "stands" : "rejected") : (v ? "adopted" : "not adopted")}`).join(" · ") : ""))));
    const q = `?token=${encodeURIComponent(token)}`;
    fill(document.getElementById("exports"), "Export: ",
      h("a", {href: `/api/sessions/${sid}/ballots.csv${q}`}, "ballots (CSV)"), " · ",
      h("a", {href: `/api/sessions/${sid}/session.json${q}`}, "session (JSON)"));
  }

  let lastRoundKey = null;
  function onState(st) {
    const session = st.session;
    if (!session) return;
    const changed = sid !== session.id;
    sid = session.id;
    fill(document.getElementById("title"), session.title);
    const r = st.round;
    fill(document.getElementById("round-status"), r ? `Round ${r.number} is ${r.status} · ${r.voted} of ${r.expected} played members have voted.` : "No round yet: open the first one.");
    document.getElementById("open").disabled = !!(r && r.status === "open");
    document.getElementById("close").disabled = !(r && r.status === "open");
    document.getElementById("reveal").disabled = !(r && r.status === "closed");
    document.getElementById("reset").disabled = !(r && r.status === "open");
    fill(document.getElementById("mini-tally"), (st.tally || []).map(v =>
      h("span", {class: "chip " + (v.adopted ? "adopted" : "rejected")}, `${v.rule}: ${verdictWord(v)}`)));
    const key = r ? `${sid}/${r.number}/${r.status}` : `${sid}`;
    const claimed = (st.seats || []).filter(x => x.claimed).length;
    if (changed || key !== lastRoundKey || claimed !== onState.claimed) loadSession();
    lastRoundKey = key; onState.claimed = claimed;
  }

  document.getElementById("open").onclick = () => act("POST", `/api/sessions/${sid}/rounds`);
  document.getElementById("close").onclick = () => act("POST", `/api/sessions/${sid}/close`);
  document.getElementById("reveal").onclick = () => act("POST", `/api/sessions/${sid}/reveal`);
  document.getElementById("reset").onclick = () => { if (confirm("Clear every student's ballot in this round?")) act("POST", `/api/sessions/${sid}/reset`); };

  async function loadOptions() {
    const o = await act("GET", "/api/options");
    if (!o) return;
    fill(document.getElementById("f-scenario"), h("option", {value: ""}, "(none: a plain vote)"), o.scenarios.map(n => h("option", {value: n}, n)));
    fill(document.getElementById("f-measure"), o.measures.map(m => h("option", {value: m.name}, m.title)));
    fill(document.getElementById("f-candidate"), o.candidates.map(c => h("option", {value: c.code, selected: c.code === "RS"}, `${c.name} (${c.code})`)));
    fill(document.getElementById("f-year"), o.years.slice().reverse().map(y => h("option", {value: String(y)}, String(y))));
    fill(document.getElementById("f-rules"), o.rules.map(r => h("label", {class: "check"},
      h("input", {type: "checkbox", value: r.name, checked: o.default_rules.includes(r.name)}), ` ${r.title} (${r.name})`)));
  }

  document.getElementById("new-session").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const v = id => document.getElementById(id).value;
    const checked = [...document.querySelectorAll("#f-rules input:checked")].map(x => x.value);
    const order = ["rqmv", "qmv", "reinforced-qmv", "simple-majority", "unanimity"];
    const body = {
      title: v("f-title"), measure: v("f-measure"), candidate: v("f-candidate"),
      rules: order.filter(r => checked.includes(r)), year: Number(v("f-year")),
      add: v("f-add") ? [v("f-add")] : [], unplayed: v("f-unplayed"), missing: v("f-missing"),
      jha: document.getElementById("f-jha").checked, live_tally: document.getElementById("f-live").checked,
      seed: Number(v("f-seed")),
    };
    if (v("f-seating") === "groups") body.groups = Number(v("f-groups"));
    if (v("f-scenario")) { body.scenario = v("f-scenario"); }
    const out = await act("POST", "/api/sessions", body);
    if (out) { sid = out.session.id; loadSession(); }
  });

  loadOptions();
  live("projector", onState);
})();
