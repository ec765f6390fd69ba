/* wirewatch dashboard.
 * Every view is drawn from an aggregate endpoint (/api/map, /api/stats/timeline, /api/network) plus one
 * page of /api/events, so the first render costs the same with 100 events or 1 000 000.
 * Safety rule: data from articles (text, names, titles) only ever reaches the page through
 * textContent / createTextNode / setAttribute - never innerHTML - so a hostile article cannot run code.
 */
(function () {
  "use strict";
  const PAGE = 50;
  const TYPE_COLORS = {
    AGREE: "#2a9d8f", CONSULT: "#4ea8de", SUPPORT: "#3a6fd5", CONCEDE: "#7fb3d5",
    COOPERATE: "#2e8b57", AID: "#66bb6a", RETREAT: "#9ccc65",
    REQUEST: "#c9a227", ACCUSE: "#f4a261", REJECT: "#e9b949", THREATEN: "#e76f51",
    PROTEST: "#9b5de5", SANCTION: "#6d597a", MOBILIZE: "#b5651d", COERCE: "#d62d7f", ASSAULT: "#c1121f",
  };
  const QUAD_COLORS = {
    "VERBAL COOPERATION": "#74c476", "MATERIAL COOPERATION": "#1b7837",
    "VERBAL CONFLICT": "#fd8d3c", "MATERIAL CONFLICT": "#cb181d",
  };
  const FILTERS = ["type", "country", "modality", "since", "until", "actor"];
  const state = { filters: {}, offset: 0, total: 0, generation: 0 };
  const timings = window.__wwTimings = {};   // ms per view, read by scripts/bench_api.py
  const $ = (id) => document.getElementById(id);
  const SVGNS = "http://www.w3.org/2000/svg";

  // ---- small DOM helpers (text only) -------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "style") node.style.cssText = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text != null) node.textContent = String(text);
    return node;
  }
  const typeColor = (t) => TYPE_COLORS[t] || "#888";
  const fmt = (n) => Number(n).toLocaleString("en-US");

  // ---- API ---------------------------------------------------------------------------------------
  function query(extra) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    const s = p.toString();
    return s ? "?" + s : "";
  }
  async function api(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((body && (body.reasons || body.detail)) || r.statusText);
    return body;
  }

  // ---- filters <-> URL hash ----------------------------------------------------------------------
  // The date inputs are text: a day or a period as the API's since / until take it (2024, 2024-07, 2024-Q3,
  // 2024-H1, 2024-W42; records.window_day). "Period" sets both bounds, so the overlap filter keeps exactly
  // the events whose period touches it; it shows a value while since and until are equal.
  // What the pattern lets through but names no day or period, as records.period_bounds finds (the API's
  // 422): 2024-13, 2024-02-30, year 0000, a week 53 of a 52-week year, a period ending past 9999-12-31.
  function periodProblem(value) {
    const year = Number(value.slice(0, 4));
    const m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?|-W([0-9]{2}))?$/.exec(value) || [];  // (a quarter, half: none)
    const utc = (mo, d) => { const t = new Date(Date.UTC(2000, mo - 1, d)); t.setUTCFullYear(year); return t; };
    let bad = year < 1;
    if (!bad && m[2]) bad = Number(m[2]) < 1 || Number(m[2]) > 12;
    if (!bad && m[3]) bad = utc(Number(m[2]), Number(m[3])).getUTCMonth() !== Number(m[2]) - 1 || Number(m[3]) < 1;
    if (!bad && m[4]) {
      const week = Number(m[4]);
      const jan4 = utc(1, 4);                // ISO week 1 holds 4 January
      const monday1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000;
      const sunday = new Date(monday1 + ((week - 1) * 7 + 6) * 86400000);
      const dec28 = utc(12, 28);             // the last ISO week of the year holds 28 December
      const weeks = Math.round((dec28.getTime() - monday1) / 604800000 - 0.5) + 1;
      bad = week < 1 || week > weeks || sunday.getUTCFullYear() > 9999;
    }
    return bad ? `${value} names no day or period` : "";
  }
  function flagDate(input) {
    input.setCustomValidity("");
    if (input.value && input.checkValidity()) input.setCustomValidity(periodProblem(input.value));
    return input.checkValidity();
  }
  function showFilters() {
    for (const k of FILTERS) { const input = $("f-" + k); if (input) input.value = state.filters[k] || ""; }
    const { since, until } = state.filters;
    $("f-period").value = since && since === until ? since : "";
    for (const k of ["period", "since", "until"]) flagDate($("f-" + k));  // a value from the URL too
  }
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    state.filters = {};
    for (const k of FILTERS) if (p.get(k)) state.filters[k] = p.get(k);
    showFilters();
  }
  function onFilterChange(input) {
    if (!input.name) return;
    if (!input.classList.contains("when")) { setFilters({ [input.name]: input.value.trim() }); return; }
    const value = input.value.trim().toUpperCase();  // "2024-q3" as the API writes it
    input.value = value;
    if (!flagDate(input)) return;                    // flagged red (:invalid); the filters stay as they were
    setFilters(input.name === "period" ? { since: value, until: value } : { [input.name]: value });
  }
  function setFilters(changes) {
    Object.assign(state.filters, changes);
    for (const k of FILTERS) if (!state.filters[k]) delete state.filters[k];
    const p = new URLSearchParams(state.filters).toString();
    history.replaceState(null, "", p ? "#" + p : location.pathname);
    showFilters();
    state.offset = 0;
    refresh();
  }
  function fillSelect(select, items, label) {
    for (const it of items) select.append(el("option", { value: it.key }, `${label ? label(it.key) : it.key} (${fmt(it.count)})`));
  }

  // ---- map ---------------------------------------------------------------------------------------
  let map, cluster, clusterDone = null;
  function initMap() {
    map = L.map("map", { preferCanvas: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.25,
                         maxBounds: [[-75, -220], [85, 220]], maxBoundsViscosity: 0.8 });
    map.setView([25, 15], worldZoom());
    window.__wwMap = map;  // for debugging and the browser tests
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60,
      chunkProgress: (processed, total) => { if (processed >= total && clusterDone) { clusterDone(); clusterDone = null; } },
      iconCreateFunction: (c) => {
        const byType = {};
        let n = 0;
        for (const m of c.getAllChildMarkers()) { n += m.options.count; byType[m.options.type] = (byType[m.options.type] || 0) + m.options.count; }
        const top = Object.keys(byType).reduce((a, b) => (byType[a] >= byType[b] ? a : b));
        const size = Math.round(20 + 5 * Math.log10(n + 1));
        return L.divIcon({ html: el("div", { class: "ww-cluster", title: `${fmt(n)} events, mostly ${top.toLowerCase()}`,
                                             style: `width:${size}px;height:${size}px;background:${typeColor(top)}` }, fmt(n)),
                           className: "", iconSize: [size, size] });
      },
    });
    map.addLayer(cluster);
    return loadBasemap("countries-110m.json");
  }
  // Rings cut at the antimeridian (Russia, Fiji) jump 360 degrees; make them continuous so Leaflet
  // does not draw a band across the whole world.
  function unwrapRings(geometry) {
    const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const poly of polys) for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) {
        const prev = ring[i - 1][0];
        let lon = ring[i][0];
        while (lon - prev > 180) lon -= 360;
        while (lon - prev < -180) lon += 360;
        ring[i] = [lon, ring[i][1]];
      }
    }
  }
  // Coarse countries first (fast first render), the 1:50m ones once the page is idle.
  let basemapLayer = null;
  function loadBasemap(file) {
    return fetch("/static/vendor/world-atlas/" + file).then((r) => r.json()).then((topo) => {
      const s = performance.now();
      const land = topojson.feature(topo, topo.objects.countries);
      land.features = land.features.filter((f) => f.id !== "010");  // Antarctica: a smear in Web Mercator
      for (const f of land.features) unwrapRings(f.geometry);
      const layer = L.geoJSON(land, { interactive: false,
        style: { color: "#c9c4b8", weight: 0.6, fillColor: "#f1efe8", fillOpacity: 1 } }).addTo(map);
      layer.bringToBack();
      if (basemapLayer) map.removeLayer(basemapLayer);
      basemapLayer = layer;
      timings["basemap:" + file] = Math.round(performance.now() - s);
    }).catch(() => { /* the map still works without a basemap */ });
  }
  const worldZoom = () => Math.max(1, Math.floor(4 * Math.log2(map.getSize().x / 256)) / 4);  // whole world across
  function popupFor(p) {
    const list = el("ul");
    Object.entries(p.types).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .forEach(([t, n]) => list.append(el("li", {}, el("span", { class: "chip", style: `background:${typeColor(t)}` }, t), ` ${fmt(n)}`)));
    return el("div", { class: "popup" }, el("h4", {}, `${p.name || "?"}${p.country ? " (" + p.country + ")" : ""}`),
      `${fmt(p.count)} event(s) from ${fmt(p.sources)} source article(s)`, list);
  }
  let firstFit = true;
  function renderMap(data) {
    cluster.clearLayers();
    const markers = data.points.map((p) => {
      const size = Math.round(Math.min(34, 9 + 5 * Math.sqrt(p.sources)));
      const icon = L.divIcon({ className: "", iconSize: [size, size],
        html: el("div", { class: "ww-marker", style: `width:${size}px;height:${size}px;background:${typeColor(p.type)}` }) });
      return L.marker([p.lat, p.lon], { icon, count: p.count, type: p.type, keyboard: false }).bindPopup(() => popupFor(p));
    });
    const done = new Promise((resolve) => { clusterDone = resolve; });
    if (!markers.length) clusterDone();
    cluster.addLayers(markers);
    if (firstFit && markers.length) {
      firstFit = false;
      const b = L.latLngBounds(data.points.map((p) => [p.lat, p.lon]));
      const zoom = Math.min(5, Math.max(worldZoom(), map.getBoundsZoom(b.pad(0.1))));
      map.setView(b.getCenter(), zoom, { animate: false });
    }
    $("map-note").textContent = `${fmt(data.located)} located event(s) at ${fmt(data.points.length)} place(s)` +
      (data.unlocated ? `, ${fmt(data.unlocated)} without a place` : "") + " · colour = type, size = sources";
    return done;
  }
  function renderTypeLegend(types) {
    const box = $("map-legend");
    box.replaceChildren();
    for (const t of types) box.append(el("span", {}, el("span", { class: "sw", style: `background:${typeColor(t.key)}` }), t.key.toLowerCase()));
  }

  // ---- timeline ----------------------------------------------------------------------------------
  // One <path> per type (stacked bars as sub-paths), so 2 years x 16 types is 16 nodes, not 10 000.
  function renderTimeline(data) {
    const box = $("timeline");
    box.replaceChildren();
    const W = box.clientWidth || 600, H = box.clientHeight || 160, m = { l: 38, r: 8, t: 6, b: 20 };
    box.setAttribute("viewBox", `0 0 ${W} ${H}`);
    $("timeline-note").textContent = "events per day, stacked by type · click a day to pick it" +
      (data.not_day_precise ? ` · ${fmt(data.not_day_precise)} dated to week/month/year only` : "");
    if (!data.rows.length) { box.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no dated events")); return; }
    const dayMs = 86400000, parse = (d) => Date.parse(d + "T00:00:00Z");
    const first = parse(data.rows[0].day), last = parse(data.rows[data.rows.length - 1].day);
    const nDays = Math.max(1, Math.round((last - first) / dayMs) + 1);
    const totals = new Float64Array(nDays), typeTotals = new Map(), cells = new Map();
    for (const r of data.rows) {
      const i = Math.round((parse(r.day) - first) / dayMs);
      totals[i] += r.count;
      typeTotals.set(r.type, (typeTotals.get(r.type) || 0) + r.count);
      if (!cells.has(r.type)) cells.set(r.type, new Float64Array(nDays));
      cells.get(r.type)[i] = r.count;
    }
    const types = [...typeTotals.keys()].sort((a, b) => typeTotals.get(b) - typeTotals.get(a));
    const maxTotal = Math.max(...totals);
    const iw = W - m.l - m.r, ih = H - m.t - m.b, bw = iw / nDays, gap = bw > 3 ? bw * 0.12 : 0;
    const y = (v) => ih * v / maxTotal;
    const g = svg("g", { transform: `translate(${m.l},${m.t})` });
    const axis = svg("g", { class: "axis" });
    for (const v of [0, Math.round(maxTotal / 2), maxTotal]) {
      axis.append(svg("line", { x1: 0, x2: iw, y1: ih - y(v), y2: ih - y(v), "stroke-dasharray": v ? "2,3" : "" }));
      axis.append(svg("text", { x: -4, y: ih - y(v) + 3, "text-anchor": "end" }, fmt(v)));
    }
    const oneYear = data.rows[0].day.slice(0, 4) === data.rows[data.rows.length - 1].day.slice(0, 4);
    const labelOf = (d) => { const iso = new Date(first + d * dayMs).toISOString(); return oneYear ? iso.slice(5, 10) : iso.slice(0, 10); };
    const ticks = Math.max(2, Math.min(nDays, Math.floor(iw / (oneYear ? 48 : 80))));
    let lastX = -Infinity;
    for (let i = 0; i < ticks; i++) {
      const d = Math.round(i * (nDays - 1) / Math.max(1, ticks - 1));
      const x = Math.min(iw - 30, Math.max(30, (d + 0.5) * bw));
      if (x - lastX < (oneYear ? 40 : 72)) continue;
      lastX = x;
      axis.append(svg("text", { x, y: ih + 14, "text-anchor": "middle" }, labelOf(d)));
    }
    if (oneYear) axis.append(svg("text", { x: -4, y: ih + 14, "text-anchor": "end" }, data.rows[0].day.slice(0, 4)));
    g.append(axis);
    const base = new Float64Array(nDays);
    for (const t of types) {
      const counts = cells.get(t);
      let d = "";
      for (let i = 0; i < nDays; i++) {
        if (!counts[i]) continue;
        const h = Math.max(0.5, y(counts[i]));
        d += `M${(i * bw + gap / 2).toFixed(1)},${(ih - y(base[i])).toFixed(1)}h${Math.max(0.8, bw - gap).toFixed(1)}v${(-h).toFixed(1)}h${(-Math.max(0.8, bw - gap)).toFixed(1)}z`;
        base[i] += counts[i];
      }
      g.append(svg("path", { class: "series", "data-type": t, d, fill: typeColor(t) }));
    }
    const hover = svg("rect", { x: 0, y: 0, width: iw, height: ih, fill: "transparent", class: "bar" });
    const tip = $("timeline-tip");
    const dayAt = (ev) => {
      const pt = box.getBoundingClientRect();
      const i = Math.floor(((ev.clientX - pt.left) * (W / pt.width) - m.l) / bw);
      return i >= 0 && i < nDays ? i : -1;
    };
    hover.addEventListener("mousemove", (ev) => {
      const i = dayAt(ev);
      if (i < 0 || !totals[i]) { tip.hidden = true; return; }
      const day = new Date(first + i * dayMs).toISOString().slice(0, 10);
      const parts = types.filter((t) => cells.get(t)[i]).map((t) => `${t.toLowerCase()} ${fmt(cells.get(t)[i])}`);
      tip.textContent = `${day}: ${fmt(totals[i])} event(s) — ${parts.join(", ")}`;
      tip.hidden = false;
    });
    hover.addEventListener("mouseleave", () => { tip.hidden = true; });
    hover.addEventListener("click", (ev) => {
      const i = dayAt(ev);
      if (i >= 0 && totals[i]) { const day = new Date(first + i * dayMs).toISOString().slice(0, 10); setFilters({ since: day, until: day }); }
    });
    g.append(hover);
    box.append(g);
  }

  // ---- network -----------------------------------------------------------------------------------
  function renderNetwork(data) {
    const box = $("network");
    box.replaceChildren();
    const W = box.clientWidth || 500, H = box.clientHeight || 300;
    box.setAttribute("viewBox", `0 0 ${W} ${H}`);
    if (!data.edges.length) { box.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no actor → recipient pairs for these filters")); return; }
    const defs = svg("defs");
    for (const [quad, color] of Object.entries(QUAD_COLORS)) {
      const mk = svg("marker", { id: "arrow-" + quad.replace(/\s/g, "-"), viewBox: "0 -4 8 8", refX: 8, refY: 0, markerWidth: 7, markerHeight: 7,
                                 markerUnits: "userSpaceOnUse", orient: "auto" });
      mk.append(svg("path", { d: "M0,-4L8,0L0,4", fill: color }));
      defs.append(mk);
    }
    box.append(defs);
    const nodes = data.nodes.map((n) => Object.assign({}, n));
    const links = data.edges.map((e) => Object.assign({}, e));
    const maxCount = Math.max(...nodes.map((n) => n.count));
    const radius = (n) => 4 + 10 * Math.sqrt(n.count / maxCount);
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(Math.min(110, 30 + W / 8)).strength(0.5))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("x", d3.forceX(W / 2).strength(0.04)).force("y", d3.forceY(H / 2).strength(0.06))
      .force("collide", d3.forceCollide((d) => radius(d) + 3)).stop();
    for (let i = 0; i < 150; i++) sim.tick();   // lay out once, draw once: no animation cost
    const pad = 14;
    for (const n of nodes) { n.x = Math.max(pad, Math.min(W - pad, n.x)); n.y = Math.max(pad, Math.min(H - pad, n.y)); }
    const maxEdge = Math.max(...links.map((l) => l.count));
    for (const l of links) {
      const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, len = Math.hypot(dx, dy) || 1;
      const rt = radius(l.target) + 2;
      const line = svg("line", { x1: l.source.x, y1: l.source.y, x2: l.target.x - dx / len * rt, y2: l.target.y - dy / len * rt,
        stroke: QUAD_COLORS[l.quad] || "#999", "stroke-width": 1 + 3 * l.count / maxEdge, "stroke-opacity": 0.8,
        "marker-end": `url(#arrow-${(l.quad || "").replace(/\s/g, "-")})` });
      line.append(svg("title", {}, `${l.source.id} → ${l.target.id}: ${l.quad || "?"} × ${fmt(l.count)}`));
      box.append(line);
    }
    const showLabels = nodes.length <= 60;
    const ranked = [...nodes].sort((a, b) => b.count - a.count);
    const labelled = new Set((showLabels ? ranked : ranked.slice(0, 30)).map((n) => n.id));
    for (const n of nodes) {
      const g = svg("g", { class: "net-g" });
      const c = svg("circle", { class: "net-node", cx: n.x, cy: n.y, r: radius(n), fill: "#33415c" });
      c.append(svg("title", {}, `${n.id}${n.country ? " (" + n.country + ")" : ""}: ${fmt(n.count)} event(s)`));
      g.append(c);
      const left = n.x > W - 130;  // near the right edge: label on the left of the node
      if (labelled.has(n.id)) g.append(svg("text", { class: "net-label", x: left ? n.x - radius(n) - 2 : n.x + radius(n) + 2, y: n.y + 3,
        "text-anchor": left ? "end" : "start" }, n.id.length > 28 ? n.id.slice(0, 27) + "…" : n.id));
      g.addEventListener("click", () => setFilters({ actor: n.id }));
      box.append(g);
    }
  }
  function renderQuadLegend() {
    const box = $("network-legend");
    for (const [q, c] of Object.entries(QUAD_COLORS)) box.append(el("span", {}, el("span", { class: "ln", style: `background:${c}` }), q.toLowerCase()));
  }

  // ---- event list --------------------------------------------------------------------------------
  function party(name, country) { return name ? name + (country ? ` (${country})` : "") : "–"; }
  function renderEvents(data) {
    const body = $("events").querySelector("tbody");
    body.replaceChildren();
    state.total = data.total;
    for (const e of data.items) {
      const tr = el("tr", { "data-id": e.id },
        el("td", { class: "nowrap" }, e.date || "–"),
        el("td", {}, el("span", { class: "chip", style: `background:${typeColor(e.type)}` }, e.type)),
        el("td", { class: "mod-" + e.modality }, e.modality),
        el("td", {}, `${party(e.actor_name, e.actor_country)} → ${party(e.recipient_name, e.recipient_country)}`),
        el("td", {}, e.location_name ? party(e.location_name, e.location_country) : "–"));
      tr.title = e.article_title || "";
      tr.addEventListener("click", () => openEvidence(e.id));
      body.append(tr);
    }
    const from = data.items.length ? data.offset + 1 : 0;
    $("page-info").textContent = `${fmt(from)}–${fmt(data.offset + data.items.length)} of ${fmt(data.total)}${data.total_capped ? "+" : ""}`;
    $("events-note").textContent = "newest first · click a row for its evidence";
    $("prev").disabled = data.offset === 0;
    $("next").disabled = data.items.length < data.limit || (!data.total_capped && data.offset + data.items.length >= data.total);
  }
  async function loadEvents() {
    renderEvents(await api("/api/events" + query({ limit: PAGE, offset: state.offset, sort: "-date" })));
  }

  // ---- evidence ----------------------------------------------------------------------------------
  async function openEvidence(id) {
    const ev = await api(`/api/events/${encodeURIComponent(id)}`);
    const panel = $("evidence");
    $("ev-title").textContent = ev.article_title || ev.article_id;
    const mod = $("ev-modality");
    mod.replaceChildren(el("span", { class: "chip", style: `background:${typeColor(ev.type)}` }, ev.type), " ",
      el("b", {}, ev.modality_text), ` — ${ev.modality_words}`);
    const fields = $("ev-fields");
    fields.replaceChildren();
    const add = (k, v) => { if (v != null && v !== "") fields.append(el("dt", {}, k), el("dd", {}, v)); };
    add("Actor", ev.actor_name && party(ev.actor_name, ev.actor_country) + (ev.actor_role ? " · " + ev.actor_role : ""));
    add("Recipient", ev.recipient_name && party(ev.recipient_name, ev.recipient_country) + (ev.recipient_role ? " · " + ev.recipient_role : ""));
    add("Place", ev.location_name && `${party(ev.location_name, ev.location_country)}${ev.lat != null ? ` · ${ev.lat.toFixed(3)}, ${ev.lon.toFixed(3)}` : ""} · ${ev.location_precision || ""}`);
    add("Date", ev.date && `${ev.date} (${ev.date_precision || "?"})`);
    add("Mode", ev.mode);
    add("Quad / CAMEO", [ev.quad, ev.cameo].filter(Boolean).join(" / "));
    add("ACLED", [ev.acled_event_type, ev.acled_sub_event_type].filter(Boolean).join(" / "));
    add("Fatalities", ev.fatalities);
    add("Confidence", ev.confidence != null ? ev.confidence.toFixed(2) : null);
    const text = $("ev-text");
    text.replaceChildren();
    if (ev.evidence.offset > 0) text.append("… ");
    let trigger = null;
    for (const seg of ev.evidence.segments) {
      const kinds = seg.kinds.filter((k) => k !== "sentence");
      let node = document.createTextNode(seg.text);
      if (kinds.length) {
        // the server's offsets count code points, JavaScript's length UTF-16 units (an emoji is two): review5 finding 9
        const end = seg.start + [...seg.text].length;
        const covering = ev.evidence.spans.filter((s) => s.start <= seg.start && end <= s.end);
        node = el("mark", { class: kinds.map((k) => "k-" + k).join(" "),
                            title: covering.map((s) => `${s.kind}: ${s.label || s.text}`).join("; ") }, seg.text);
        if (kinds.includes("trigger") && !trigger) trigger = node;
      }
      if (seg.kinds.includes("sentence")) node = el("span", { class: "sentence" }, node);
      text.append(node);
    }
    if (ev.evidence.offset + ev.evidence.text.length < ev.evidence.article_length) text.append(" …");
    const list = $("ev-sources");
    list.replaceChildren();
    for (const s of ev.sources) {
      const label = `${s.title || s.article_id}${s.published ? " · " + s.published : ""}`;
      const safeUrl = s.url && /^https?:\/\//i.test(s.url) ? s.url : null;
      list.append(el("li", {}, safeUrl ? el("a", { href: safeUrl, rel: "noopener noreferrer", target: "_blank" }, label) : label,
        s.source && !safeUrl ? el("small", {}, ` (${s.source})`) : ""));
    }
    panel.hidden = false;
    panel.dataset.eventId = String(ev.id);
    if (trigger) trigger.scrollIntoView({ block: "center" });
  }

  // ---- orchestration -----------------------------------------------------------------------------
  function fetchViews() {
    const q = query();
    return [api("/api/map" + q), api("/api/stats/timeline" + q), api("/api/network" + query({ limit: 120 })),
            api("/api/events" + query({ limit: PAGE, offset: state.offset, sort: "-date" }))];
  }
  async function refresh(prefetched) {
    const gen = ++state.generation;
    const startedAt = performance.now();
    const results = await Promise.allSettled(prefetched || fetchViews());
    const fetchedAt = performance.now();
    if (gen !== state.generation) return;   // a newer filter change is already on its way
    const [m, t, n, e] = results;
    const timed = (name, fn, r) => { if (r.status !== "fulfilled") return; const s = performance.now(); const out = fn(r.value); timings[name] = Math.round(performance.now() - s); return out; };
    timed("events", renderEvents, e);
    const mapDone = timed("map", renderMap, m);
    timed("timeline", renderTimeline, t);
    timed("network", renderNetwork, n);
    timings.fetched = Math.round(fetchedAt - startedAt);
    const failed = results.filter((r) => r.status === "rejected");
    document.body.dataset.error = failed.length ? String(failed[0].reason && failed[0].reason.message) : "";
    document.body.dataset.generation = String(gen);
    await mapDone;
  }
  async function start() {
    readHash();
    const metaP = api("/api/meta");
    const views = fetchViews();            // every request leaves at once; render as they land
    const basemap = initMap();
    renderQuadLegend();
    const meta = await metaP;
    fillSelect($("f-type"), meta.types);
    fillSelect($("f-country"), meta.countries);
    fillSelect($("f-modality"), meta.modalities);
    showFilters();
    renderTypeLegend(meta.types);
    $("summary").textContent = `${fmt(meta.counts.events)} events from ${fmt(meta.counts.articles)} articles` +
      (meta.date_range.first ? ` · ${meta.date_range.first} → ${meta.date_range.last}` : "");
    const form = $("filters");
    form.addEventListener("change", (e) => onFilterChange(e.target));
    form.addEventListener("submit", (e) => e.preventDefault());
    $("f-reset").addEventListener("click", () => setFilters(Object.fromEntries(FILTERS.map((k) => [k, ""]))));
    $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
    $("next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });
    $("evidence-close").addEventListener("click", () => { $("evidence").hidden = true; });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("evidence").hidden = true; });
    await Promise.all([refresh(views), basemap]);
    window.__wwRenderMs = performance.now();  // ms since navigation start
    document.body.dataset.ready = "1";
    setTimeout(() => loadBasemap("countries-50m.json"), 50);
  }
  start().catch((err) => { document.body.dataset.error = String(err && err.message); document.body.dataset.ready = "1"; });
})();
