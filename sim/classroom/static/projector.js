/* The projector: live tally under every rule, member grid, join codes, and after the reveal
   the pivotal members and "how likely was this?". Redrawn from each server-sent state. */
"use strict";
(function () {
  const STATUS_WORDS = {"waiting": "waiting", "voted": "voted", "model": "automatic", "fixed": "automatic",
                        "not-taking-part": "not taking part"};

  function render(s) {
    document.body.dataset.version = s.version;
    const session = s.session;
    if (!session) return;
    fill(document.getElementById("kicker"),
      `Council of ${session.council.size} · population ${session.council.label}` + (session.jha ? " · justice and home affairs" : "") +
      (session.candidate ? ` · candidate ${session.candidate}` : ""));
    fill(document.getElementById("title"), session.title);
    const r = s.round;
    const pill = document.getElementById("round-pill");
    if (!r) fill(pill, h("span", {class: "pill idle"}, "No round yet"));
    else fill(pill, h("span", {class: "pill " + r.status}, `Round ${r.number} · ${r.status}`),
      h("span", {class: "voted-count", id: "voted-count"}, `${r.voted} of ${r.expected} voted`));
    const verdicts = document.getElementById("verdicts");
    if (s.tally) fill(verdicts, s.tally.map(v => verdictCard(v, r && r.status === "open")));
    else if (r) fill(verdicts, h("div", {class: "card waiting-card"}, r.status === "open"
      ? "Voting in progress: the tally is shown when the lecturer reveals it." : "Round closed: waiting for the reveal."));
    else fill(verdicts, h("div", {class: "card waiting-card"}, "Take your seat: scan the code or type the seat code on the join page."));
    const note = document.getElementById("so-far-note");
    const waiting = r && r.status === "open" && s.tally ? r.expected - r.voted : 0;
    note.classList.toggle("hidden", waiting === 0);
    fill(note, waiting === 1 ? "So far: the member still voting is counted as " : `So far: the ${waiting} members still voting are counted as `,
      session.missing === "model" ? "the behaviour model votes for them." : "abstaining.");
    renderMembers(s);
    renderJoin(s);
    renderResult(s);
  }

  function renderMembers(s) {
    const revealed = s.round && s.round.status === "revealed";
    const pivotal = new Set(revealed && s.pivotal ? s.pivotal[s.session.rules[0].name] : []);
    fill(document.getElementById("members"), s.members.map(m => {
      const status = m.status || (m.taking_part ? "waiting" : "not-taking-part");
      const cls = ["tile", revealed && m.vote ? "vote-" + m.vote : "st-" + status, pivotal.has(m.code) ? "pivotal" : ""].join(" ");
      const word = revealed && m.vote ? (m.vote === "not-participating" ? "not taking part" : s.session.buttons[m.vote] || m.vote)
                                      : STATUS_WORDS[status] || status;
      return h("div", {class: cls, "data-code": m.code, title: m.name},
        h("div", {class: "tile-code"}, m.code), h("div", {class: "tile-share"}, m.share),
        h("div", {class: "tile-status"}, word));
    }));
    fill(document.getElementById("legend"), revealed
      ? [h("span", {class: "key vote-yes"}, s.session.buttons.yes), h("span", {class: "key vote-no"}, s.session.buttons.no),
         h("span", {class: "key vote-abstain"}, "abstain"), pivotal.size ? h("span", {class: "key pivotal"}, "pivotal") : null]
      : [h("span", {class: "key st-voted"}, "voted"), h("span", {class: "key st-waiting"}, "waiting"),
         h("span", {class: "key st-model"}, "automatic")]);
  }

  function renderJoin(s) {
    const free = (s.seats || []).filter(seat => !seat.claimed);
    const showJoin = !s.round || s.round.status === "open";
    document.getElementById("join").classList.toggle("hidden", !showJoin || free.length === 0);
    fill(document.getElementById("seat-codes"), free.slice(0, 36).map(seat =>
      h("div", {class: "seat-code"}, h("b", {}, seat.code), " ", seat.members.join(" "))));
  }

  function renderResult(s) {
    const box = document.getElementById("result");
    const L = s.likelihood;
    box.classList.toggle("hidden", !L);
    if (!L) return;
    const counts = L.against.counts, max = Math.max(...counts, 1), room = L.against.room;
    const last = counts.reduce((a, c, i) => (c > 0 ? i : a), room);
    const hist = h("div", {class: "histogram"}, counts.slice(0, Math.max(last, room) + 2).map((c, i) =>
      h("div", {class: "hcol" + (i === room ? " room" : "")},
        h("div", {class: "hbar", style: `height:${(100 * c / max).toFixed(1)}%`, title: `${c} of ${L.samples}`}),
        h("div", {class: "hlabel"}, String(i)))));
    const odds = L.rules.map(r => h("div", {class: "odds"},
      h("div", {class: "odds-rule"}, r.title),
      h("div", {class: "odds-bar"}, h("span", {style: `width:${(100 * r.p_adopted).toFixed(1)}%`})),
      h("div", {class: "odds-text"}, `${(100 * r.p_adopted).toFixed(1)} % of simulated Councils ${r.rule === "rqmv" ? "let it stand" : "adopt"}; ` +
        `the room's outcome: ${(100 * r.p_room).toFixed(1)} %`)));
    const piv = s.session.rules.map(rule => h("div", {class: "pivotal-row"}, h("b", {}, rule.title + ": "),
      (s.pivotal[rule.name] || []).length ? s.pivotal[rule.name].join(", ") : "no single member could have changed the verdict"));
    fill(box,
      h("div", {class: "card"}, h("h2", {}, "How likely was this?"),
        h("p", {class: "hint"}, `${L.samples} Councils drawn from the behaviour model (calibrated on the Council's voting record).`),
        odds),
      h("div", {class: "card"}, h("h2", {}, "Members voting against, in the simulated Councils"),
        hist, h("p", {class: "hint"}, `The highlighted bar is the room: ${room} against.`)),
      h("div", {class: "card"}, h("h2", {}, "Pivotal members"),
        h("p", {class: "hint"}, "Switching side alone would have changed the verdict."), piv));
  }

  live("projector", render);
})();
