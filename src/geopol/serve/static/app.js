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

// dyad: cooperation up, conflict down, the index as a line; a period opens its events
async function relations() {
  const canvas = document.getElementById("dyad-chart");
  if (!canvas) return;
  const data = await getJSON(canvas.dataset.api);
  const periods = data.periods;
  const labels = periods.map(p => p.period);
  const open = index => {
    const p = periods[index];
    if (p && p.event_ids.length) showEvents(document.getElementById("period-events"), p.event_ids,
      `${data.a} – ${data.b}, ${p.period}: ${p.events} events (${p.cooperation} cooperation, ${p.conflict} conflict)`);
  };
  window.geopol.charts.dyad = new Chart(canvas, {
    data: {labels, datasets: [
      {type: "bar", label: "cooperation", data: periods.map(p => p.cooperation), backgroundColor: "#1b7837", stack: "s"},
      {type: "bar", label: "conflict", data: periods.map(p => -p.conflict), backgroundColor: "#b2182b", stack: "s"},
      {type: "line", label: "index", data: periods.map(p => p.index), yAxisID: "index", borderColor: "#1f4e79",
       backgroundColor: "#1f4e79", spanGaps: false, pointRadius: 3},
    ]},
    options: {
      maintainAspectRatio: false, animation: false,
      scales: {x: {stacked: true}, y: {stacked: true, title: {display: true, text: "events (conflict below 0)"},
                                        ticks: {callback: v => Math.abs(v)}},
               index: {position: "right", min: -1, max: 1, grid: {drawOnChartArea: false}, title: {display: true, text: "index"}}},
      plugins: {tooltip: {callbacks: {label: ctx => `${ctx.dataset.label}: ${ctx.dataset.label === "index" ? ctx.raw : Math.abs(ctx.raw)}`}}},
      onClick: (evt, marks) => { if (marks.length) open(marks[0].index); },
      onHover: (evt, marks) => { evt.native.target.style.cursor = marks.length ? "pointer" : "default"; },
    },
  });
}

// network: nodes coloured by their standing in one institution; a link opens its events
const STATUS_COLOURS = {itself: "#0b2545", member: "#1f77b4", observer: "#9ecae1", partner: "#9ecae1",
                        suspended: "#ff7f0e", frozen: "#ff7f0e", none: "#c7c7c7", organisation: "#6b4c9a"};

function edgeColour(index) {
  // -1 (conflict) red .. +1 (cooperation) green
  const t = (index + 1) / 2;
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(178, 27)}, ${mix(24, 120)}, ${mix(43, 55)})`;
}

async function network() {
  const box = document.getElementById("network");
  const data = await getJSON(box.dataset.api);
  const most = Math.max(1, ...data.edges.map(e => e.events));
  const elements = [
    ...data.nodes.map(n => ({data: {id: n.id, label: n.id, name: n.name, status: n.status, kind: n.kind,
                                    size: 18 + 6 * Math.sqrt(n.events)}})),
    ...data.edges.map((e, i) => ({data: {id: "e" + i, source: e.source, target: e.target, events: e.events,
                                         colour: edgeColour(e.index), width: 1 + 7 * e.events / most, edge: i}})),
  ];
  const cy = cytoscape({
    container: box, elements,
    layout: {name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 140, nodeOverlap: 40, padding: 30},
    style: [
      {selector: "node", style: {"label": "data(label)", "width": "data(size)", "height": "data(size)",
        "background-color": n => STATUS_COLOURS[n.data("status")] || "#c7c7c7", "font-size": 11,
        "text-valign": "center", "text-halign": "right", "text-margin-x": 3, "color": "#1d2430"}},
      {selector: "node[kind = 'organisation']", style: {"shape": "round-rectangle"}},
      {selector: "edge", style: {"width": "data(width)", "line-color": "data(colour)", "curve-style": "bezier",
        "target-arrow-shape": data.directed ? "triangle" : "none", "target-arrow-color": "data(colour)",
        "arrow-scale": 0.7, "opacity": 0.8}},
      {selector: ":selected", style: {"overlay-opacity": 0.15, "overlay-color": "#1f4e79"}},
    ],
  });
  cy.on("tap", "edge", evt => {
    const e = data.edges[evt.target.data("edge")];
    showEvents(document.getElementById("period-events"), e.event_ids,
      `${e.source} → ${e.target}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict)`);
  });
  cy.on("tap", "node", evt => {
    const params = new URLSearchParams();
    params.set("actor", evt.target.id());
    if (data.since) params.set("since", data.since);
    if (data.until) params.set("until", data.until);
    window.location.href = "/events?" + params.toString();
  });
  window.geopol.network = cy;
  window.geopol.networkData = data;
}

// institution: one row per state with its membership spells, and the events on top; an event opens its page
function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

async function institution() {
  const box = document.getElementById("timeline");
  const data = await getJSON(box.dataset.api);
  const countries = [...new Set(data.spells.map(s => s.country))].sort();
  const groups = [{id: "_events", content: textNode("events"), order: 0},
                  ...countries.map((c, i) => ({id: c, content: textNode(c), order: i + 1}))];
  const items = data.spells.filter(s => s.start).map((s, i) => ({
    id: "s" + i, group: s.country, start: s.start, end: s.end, type: "range", className: "st-" + s.status,
    content: textNode(s.status),
    title: textNode(`${s.country} ${s.status} ${s.start} to ${s.open ? "now" : s.end}` + (s.source ? ` (${s.source})` : ""))}));
  const events = data.items.filter(item => item.evidence && item.date);
  events.forEach((item, i) => items.push({
    id: "e" + i, group: "_events", start: item.date, type: "point", className: "ev",
    content: textNode(item.evidence.type), title: textNode(item.text)}));
  const timeline = new vis.Timeline(box, new vis.DataSet(items), new vis.DataSet(groups), {
    stack: false, groupOrder: "order", margin: {item: 2}, zoomKey: "ctrlKey", orientation: "top",
    tooltip: {followMouse: true},
  });
  const spells = data.spells.filter(s => s.start);
  timeline.on("click", props => {
    const id = String(props.item || "");
    if (id.startsWith("e")) {  // an event: its page, with the sentence in its document
      window.location.href = "/events/" + encodeURIComponent(events[Number(id.slice(1))].evidence.event_id);
    } else if (id.startsWith("s")) {  // a spell: the state's memberships, with the knowledge base's sources
      window.location.href = "/actors/" + encodeURIComponent(spells[Number(id.slice(1))].country);
    }
  });
  window.geopol.timeline = timeline;
  window.geopol.timelineItems = items.length;
}

// event: bring the evidence sentence into view inside its document
async function event() {
  const doc = document.getElementById("document"), mark = document.getElementById("evidence");
  if (doc && mark) doc.scrollTop = Math.max(0, mark.offsetTop - doc.offsetTop - doc.clientHeight / 3);
  const form = document.getElementById("correction");
  if (form) form.addEventListener("submit", submitCorrection);
}

// a correction is a JSON POST with the token in the Authorization header (never a cookie)
async function submitCorrection(evt) {
  evt.preventDefault();
  const form = evt.target, status = document.getElementById("correction-status");
  const field = name => form.elements[name].value.trim();
  const token = field("token") || sessionStorage.getItem("geopol-token") || "";
  const body = {note: field("note"), reject: form.elements.reject.checked};
  for (const name of ["type", "source", "target", "date"]) if (field(name)) body[name] = field(name);
  status.className = "status"; status.textContent = "Saving…";
  const response = await fetch(`/api/events/${encodeURIComponent(form.dataset.event)}/corrections`, {
    method: "POST", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "Accept": "application/json", "Authorization": "Bearer " + token},
  });
  const answer = await response.json();
  if (!response.ok) {
    status.className = "status bad"; status.textContent = answer.error.message;
    return;
  }
  if (field("token")) sessionStorage.setItem("geopol-token", field("token"));
  status.className = "status ok"; status.textContent = "Saved.";
  window.location.href = "/events/" + encodeURIComponent(answer.event_id || form.dataset.event) + "?corrected=1";
}

const PAGES = {overview, relations, network, institution, event};

document.addEventListener("DOMContentLoaded", () => {
  const init = PAGES[document.body.dataset.page];
  if (init) init().catch(err => {
    const main = document.querySelector("main");
    main.prepend(el("p", {class: "error"}, "Could not load the chart data: " + err.message));
  });
});
