// geopol workbench: the charts and forms of each page. Data come from the
// page's JSON twin (same origin); text is always set with textContent.
"use strict";

const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const QUAD_COLOURS = {"verbal cooperation": "#7fbf7b", "material cooperation": "#1b7837",
                      "verbal conflict": "#f1a340", "material conflict": "#b2182b"};
window.geopol = {charts: {}};

async function getJSON(url) {
  const response = await fetch(url, {headers: {"Accept": "application/json"}});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function actorLabel(actors) {
  return actors.map(a => a.org || a.country || a.name || "?").join("+") || "-";
}

function periodBounds(period) {
  // "2015" -> 2015-01-01..2015-12-31; "2015-03" -> the month; "2015-Q2" -> the quarter
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1, last = first + 2;
    const end = new Date(Date.UTC(Number(q[1]), last, 0)).toISOString().slice(0, 10);
    return [`${q[1]}-${String(first).padStart(2, "0")}-01`, end];
  }
  return [period, period];
}

function eventTable(events) {
  const body = el("tbody");
  for (const e of events) {
    const link = el("a", {href: "/events/" + encodeURIComponent(e.id), class: "etype"}, (e.negated ? "NOT " : "") + e.type);
    body.append(el("tr", {class: "quad-" + e.quad_class.replace(/ /g, "-")},
      el("td", {class: "nowrap"}, e.date || "undated"), el("td", {}, actorLabel(e.source)),
      el("td", {class: "nowrap"}, link), el("td", {}, actorLabel(e.target)),
      el("td", {class: "sentence"}, e.sentence), el("td", {class: "num"}, e.confidence.toFixed(2))));
  }
  const head = el("thead", {}, el("tr", {}, ...["Date", "Source", "Event", "Target", "Evidence", "Conf."].map(h => el("th", {}, h))));
  return el("table", {class: "events"}, head, body);
}

async function showEvents(target, ids, title) {
  target.replaceChildren(el("p", {class: "hint"}, "Loading…"));
  const shown = ids.slice(0, 200);
  const data = await getJSON("/api/events?per_page=200&ids=" + encodeURIComponent(shown.join(",")));
  const note = ids.length > shown.length ? ` (the first ${shown.length} of ${ids.length})` : "";
  target.replaceChildren(el("h2", {}, title + note), eventTable(data.events));
  target.scrollIntoView({behavior: "instant", block: "start"});
}

// overview: events per period by quad class; a bar opens its events
async function overview() {
  const canvas = document.getElementById("timeline-chart");
  const data = await getJSON(canvas.dataset.api);
  const labels = data.periods.map(p => p.period);
  const chart = new Chart(canvas, {
    type: "bar",
    data: {labels, datasets: QUADS.map(q => ({label: q, data: data.periods.map(p => p[q]), backgroundColor: QUAD_COLOURS[q]}))},
    options: {
      maintainAspectRatio: false, animation: false,
      scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, title: {display: true, text: "events"}}},
      onClick: (evt, marks) => {
        if (!marks.length) return;
        const mark = marks[0];
        const [since, until] = periodBounds(labels[mark.index]);
        const params = new URLSearchParams(window.location.search);
        params.delete("by"); params.delete("dyads"); params.delete("page");
        params.set("since", since); params.set("until", until); params.set("quad", QUADS[mark.datasetIndex]);
        window.location.href = "/events?" + params.toString();
      },
      onHover: (evt, marks) => { evt.native.target.style.cursor = marks.length ? "pointer" : "default"; },
    },
  });
  window.geopol.charts.timeline = chart;
}

const PAGES = {overview};

document.addEventListener("DOMContentLoaded", () => {
  const init = PAGES[document.body.dataset.page];
  if (init) init().catch(err => {
    const main = document.querySelector("main");
    main.prepend(el("p", {class: "error"}, "Could not load the chart data: " + err.message));
  });
});
