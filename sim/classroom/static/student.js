/* The student's ballot page: one row of buttons per member played; changes until the round closes. */
"use strict";
(function () {
  const token = document.body.dataset.token;
  let state = null;

  function show(id, on) { document.getElementById(id).classList.toggle("hidden", !on); }

  function error(msg) {
    const el = document.getElementById("error");
    el.textContent = msg || ""; show("error", !!msg);
  }

  async function vote(member, choice) {
    try {
      state = await api("PUT", `/api/seat/${token}/ballot`, {round: state.round.number, member, vote: choice});
      error(""); render();
    } catch (e) { error(e.message); refresh(); }
  }

  function render() {
    const s = state, seat = s.seat, open = s.round && s.round.status === "open" && s.active;
    const names = seat.members.map(m => m.name).join(", ");
    fill(document.getElementById("seat-title"), seat.members.length === 1 ? names : `Seat ${seat.number}: ${names}`);
    fill(document.getElementById("seat-share"), `${seat.share} of the Union's population`);
    fill(document.getElementById("proposal"), s.session.title);
    const rule = s.session.rules[0];
    fill(document.getElementById("rule-note"), rule.reverse
      ? "Reverse qualified majority: the proposal stands unless a qualified majority rejects it."
      : `The Council decides by ${rule.title}.`);
    let status = "Waiting for the lecturer to open a round.";
    if (!s.active) status = "This session is over.";
    else if (s.round && open) status = `Round ${s.round.number} is open: cast your vote.`;
    else if (s.round && s.round.status === "closed") status = `Round ${s.round.number} is closed.`;
    else if (s.round && s.round.status === "revealed") status = `Round ${s.round.number}: the result is on the projector.`;
    fill(document.getElementById("round-status"), status);
    const labels = s.session.buttons;
    fill(document.getElementById("ballots"), seat.members.map(m => {
      if (!m.taking_part) return h("div", {class: "ballot-row"}, h("div", {class: "member-name"}, m.name),
        h("div", {class: "not-taking-part"}, "Not taking part in this vote (justice and home affairs opt-out)."));
      const buttons = ["yes", "no", "abstain"].map(choice => h("button", {
        class: `vote-button ${choice}` + (m.vote === choice ? " chosen" : ""), disabled: !open,
        "data-member": m.code, "data-vote": choice, "aria-pressed": String(m.vote === choice),
        onclick: () => vote(m.code, choice)}, labels[choice]));
      return h("div", {class: "ballot-row"},
        seat.members.length > 1 ? h("div", {class: "member-name"}, `${m.name} · ${m.share}`) : null,
        h("div", {class: "vote-buttons"}, buttons),
        h("div", {class: "your-vote", "data-member": m.code}, m.vote ? `Your vote: ${labels[m.vote]}` : (open ? "Not voted yet." : "")));
    }));
    fill(document.getElementById("hint"), open ? "You can change your vote until the round closes." : "");
    const verdicts = s.round && s.round.verdicts;
    show("result-box", !!verdicts);
    if (verdicts) fill(document.getElementById("verdicts"), verdicts.map(v =>
      h("li", {class: v.adopted ? "adopted" : "rejected"}, h("b", {}, v.title + ": "), verdictWord(v))));
  }

  async function refresh() {
    try { state = await api("GET", `/api/seat/${token}`); render(); }
    catch (e) { error(e.message); }
  }

  live("seat", () => refresh(), ok => { if (!ok) error("Connection lost: reconnecting…"); else error(""); });
})();
