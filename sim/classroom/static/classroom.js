/* eusim classroom: shared helpers (no framework, no build step).
   h() builds DOM nodes with textContent only, so no text from the server is parsed as HTML. */
"use strict";

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "style") el.setAttribute("style", v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function fill(el, ...children) { el.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined)); }

async function api(method, path, body, token) {
  const headers = {"Accept": "application/json"};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["X-Lecturer-Token"] = token;
  const res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const data = await res.json().catch(() => ({detail: res.statusText}));
  if (!res.ok) throw new Error(data.detail || res.statusText);
  return data;
}

/* Server-sent events; the browser reconnects by itself (retry: 1 s). */
function live(view, onState, onStatus) {
  const source = new EventSource("/api/events?view=" + view);
  source.onmessage = (ev) => onState(JSON.parse(ev.data));
  source.onerror = () => onStatus && onStatus(false);
  source.onopen = () => onStatus && onStatus(true);
  return source;
}

function pct1(x) { return x.toFixed(1) + " %"; }

function verdictWord(v) {
  if (v.reverse) return v.adopted ? "The proposal stands" : "Rejected";
  return v.adopted ? "Adopted" : "Not adopted";
}

/* One bar: segments [{cls, value, label}] over total, a threshold mark at `mark` (share 0-1). */
function bar(segments, total, mark, caption) {
  const segs = segments.filter(s => s.value > 0).map(s =>
    h("span", {class: "seg " + s.cls, style: `width:${(100 * s.value / total).toFixed(3)}%`, title: s.label}));
  const marker = mark === null ? null : h("span", {class: "mark", style: `left:${(100 * mark).toFixed(3)}%`});
  return h("div", {class: "bar-block"}, h("div", {class: "bar-caption"}, caption), h("div", {class: "bar"}, segs, marker));
}

/* The tally of one rule as a card: verdict, members and population bars with thresholds, explanation. */
function verdictCard(v, provisional) {
  const m = v.members, p = v.population_pct;
  const favour = v.reverse ? "no" : "yes", other = v.reverse ? "yes" : "no";
  const favourWord = v.reverse ? "to reject" : "in favour", otherWord = v.reverse ? "to keep" : "against";
  const part = m.participating || 1;
  const bars = [];
  if (v.rule === "unanimity") {
    bars.push(bar([{cls: "yes", value: m.yes, label: "yes"}, {cls: "abstain", value: m.abstain, label: "abstain"},
                   {cls: "no", value: m.no, label: "against"}], part, null,
                  `${m.no} against · unanimity allows none (abstaining does not block)`));
  } else {
    const base = v.rule === "simple-majority" ? m.participating + m.not_participating : part;
    bars.push(bar([{cls: favour, value: m[favour], label: favourWord}, {cls: "abstain", value: m.abstain, label: "abstain"},
                   {cls: other, value: m[other], label: otherWord}], base, v.members_required / base,
                  `members ${favourWord}: ${m[favour]} of ${base} · needs ${v.members_required}`));
    if (v.population_required_pct) {
      bars.push(bar([{cls: favour, value: p[favour], label: favourWord}, {cls: "abstain", value: p.abstain, label: "abstain"},
                     {cls: other, value: p[other], label: otherWord}], 100, v.population_required_pct / 100,
                    `population ${favourWord}: ${pct1(p[favour])} · needs ${v.population_required_pct} %` +
                    (v.blocking_minimum ? ` · blocking minority ≥ ${v.blocking_minimum} members` : "")));
    }
  }
  const cls = "verdict-card " + (v.adopted ? "adopted" : "rejected") + (provisional ? " provisional" : "");
  return h("article", {class: cls, "data-rule": v.rule, "data-adopted": String(v.adopted)},
    h("div", {class: "rule-name"}, v.title, h("span", {class: "rule-code"}, v.rule)),
    h("div", {class: "verdict-word"}, verdictWord(v), provisional ? h("span", {class: "so-far"}, "so far") : null),
    h("div", {class: "counts"}, `${m.yes} yes · ${m.no} no · ${m.abstain} abstain` + (m.not_participating ? ` · ${m.not_participating} not taking part` : "")),
    bars,
    h("p", {class: "explanation"}, v.explanation),
    h("div", {class: "article"}, v.article));
}
