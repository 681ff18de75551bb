// IpGuard moderators' dashboard: plain JS, no dependencies, nothing loaded from elsewhere.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const state = { key: "", actor: "moderator", top: new Map(), rate: [], abort: null, casesTimer: 0, lastEventId: null };

  const headers = (json) => {
    const h = { "X-Api-Key": state.key, "X-Actor": state.actor };
    if (json) h["Content-Type"] = "application/json";
    return h;
  };

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: headers(options.body !== undefined) });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch { /* not json */ }
      throw new Error(`${response.status} ${detail}`);
    }
    return response.status === 204 ? null : response.json();
  }

  function setStatus(text, ok) {
    const el = $("status");
    el.textContent = text;
    el.className = "status " + (ok === true ? "ok" : ok === false ? "bad" : "");
  }

  const text = (value) => document.createTextNode(value == null ? "" : String(value));
  function cell(row, value, cls) { const td = row.insertCell(); if (cls) td.className = cls; td.appendChild(value instanceof Node ? value : text(value)); return td; }
  function band(b) { const span = document.createElement("span"); span.className = "band " + b; span.textContent = b; return span; }
  const time = (at) => at ? new Date(at).toLocaleTimeString() : "";

  // ---- top risky sellers ---------------------------------------------------------------
  // The table is rebuilt on every refresh; a keyboard user's focus stays on the same seller's row.
  function renderTop(fresh) {
    const body = $("top-table").tBodies[0];
    const rows = [...state.top.values()].sort((a, b) => b.score - a.score || a.sellerId.localeCompare(b.sellerId)).slice(0, 20);
    const focused = body.contains(document.activeElement) ? document.activeElement.closest("tr")?.dataset.sellerId : undefined;
    body.replaceChildren();
    for (const s of rows) {
      const row = body.insertRow();
      row.tabIndex = 0;
      row.dataset.sellerId = s.sellerId;
      if (fresh && fresh.has(s.sellerId)) row.classList.add("fresh");
      cell(row, s.sellerId);
      cell(row, s.score, "num");
      cell(row, band(s.band || "low"));
      cell(row, s.decision);
      cell(row, time(s.at));
      row.addEventListener("click", () => openSeller(s.sellerId));
      row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openSeller(s.sellerId); } });
      if (s.sellerId === focused) row.focus();
    }
  }

  function applyRisk(e) {
    state.top.set(e.sellerId, { sellerId: e.sellerId, score: e.score, band: e.band, decision: e.decision, at: e.at });
    if (state.top.size > 400) {
      const lowest = [...state.top.values()].sort((a, b) => a.score - b.score)[0];
      state.top.delete(lowest.sellerId);
    }
  }

  // ---- summary: figures, chart, decisions ----------------------------------------------
  async function refreshSummary() {
    const s = await api("/v1/dashboard/summary?top=20");
    $("eps").textContent = s.eventsPerSecond;
    $("open-cases").textContent = s.openCases;
    $("removals").textContent = s.removalsLastHour;
    for (const t of s.topSellers) if (!state.top.has(t.sellerId) || state.top.get(t.sellerId).at <= t.at) state.top.set(t.sellerId, t);
    renderTop();
    const list = $("decisions");
    list.replaceChildren();
    for (const d of ["allow", "monitor", "review", "restrict", "suspend"]) {
      const li = document.createElement("li");
      const b = document.createElement("b"); b.textContent = s.decisions[d] || 0;
      li.append(b, text(" " + d));
      list.appendChild(li);
    }
    state.rate = s.rate;
    drawRate();
  }

  function drawRate() {
    const canvas = $("rate-chart");
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height, pad = 24;
    ctx.clearRect(0, 0, w, h);
    const values = state.rate.map((p) => p.events);
    const max = Math.max(1, ...values);
    ctx.strokeStyle = "#e3e6eb"; ctx.fillStyle = "#667085"; ctx.font = "11px system-ui";
    ctx.beginPath(); ctx.moveTo(pad, h - pad); ctx.lineTo(w - 4, h - pad); ctx.stroke();
    ctx.fillText(String(max), 2, 12); ctx.fillText("0", 2, h - pad);
    ctx.fillText("events/s, last 60 s", pad + 4, 12);
    if (values.length < 2) return;
    ctx.strokeStyle = "#2456d6"; ctx.lineWidth = 2; ctx.beginPath();
    values.forEach((v, i) => {
      const x = pad + (i * (w - pad - 6)) / (values.length - 1);
      const y = h - pad - (v / max) * (h - pad - 16);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }

  // ---- policy: active and shadow versions, the shadow's transitions ---------------------
  async function refreshPolicy() {
    const list = await api("/v1/policies");
    $("policy-active").textContent = list.active;
    $("policy-shadow").textContent = list.shadow || "none";
    $("policy-since").textContent = list.shadow && list.shadowSince ? "since " + time(list.shadowSince) : "";
    const body = $("transition-table").tBodies[0];
    body.replaceChildren();
    if (!list.shadow) return;
    const report = await api(`/v1/policies/${encodeURIComponent(list.shadow)}/report`);
    for (const [name, part] of [["sellers", report.sellers], ["listings", report.listings]]) {
      const row = body.insertRow();
      row.dataset.subjects = name;
      cell(row, name);
      cell(row, part.compared, "num");
      cell(row, part.changed, "num");
      const moves = Object.entries(part.transitions).map(([pair, n]) => `${pair.replace("->", " → ")}: ${n}`);
      cell(row, moves.length ? moves.join(", ") : "none");
    }
  }

  // ---- cases ---------------------------------------------------------------------------
  // Rows are kept per case and updated in place, so a note being typed survives a refresh.
  const caseRows = new Map();

  async function refreshCases() {
    const [open, claimed] = await Promise.all([api("/v1/cases?status=open&limit=50"), api("/v1/cases?status=claimed&limit=50")]);
    const body = $("case-table").tBodies[0];
    const cases = [...claimed.items, ...open.items].sort((a, b) => b.priority - a.priority);
    const seen = new Set(cases.map((c) => c.caseId));
    for (const [caseId, row] of caseRows) {
      if (!seen.has(caseId)) { row.remove(); caseRows.delete(caseId); }
    }
    for (const c of cases) {
      const row = caseRows.get(c.caseId) ?? newCaseRow(c);
      row.cells[4].textContent = c.priority;
      row.cells[5].textContent = c.status + (c.assignee ? " · " + c.assignee : "");
      row.querySelector("button.claim").hidden = c.status !== "open";
      body.appendChild(row);
    }
  }

  function newCaseRow(c) {
    const row = document.createElement("tr");
    row.dataset.caseId = c.caseId;
    cell(row, c.caseId);
    cell(row, c.kind);
    const subject = document.createElement("a");
    subject.href = "#"; subject.textContent = c.subjectId;
    subject.addEventListener("click", (e) => { e.preventDefault(); openSeller(c.sellerId); });
    cell(row, subject);
    cell(row, c.reason);
    cell(row, c.priority, "num");
    cell(row, c.status);
    const actions = cell(row, "");
    const claim = document.createElement("button");
    claim.type = "button"; claim.textContent = "Claim"; claim.className = "secondary claim";
    claim.setAttribute("aria-label", "Claim case " + c.caseId);
    claim.addEventListener("click", () => act(`/v1/cases/${encodeURIComponent(c.caseId)}/claim`, undefined));
    actions.appendChild(claim);
    const form = document.createElement("form");
    form.className = "resolve";
    const outcome = document.createElement("select");
    outcome.setAttribute("aria-label", "Outcome for case " + c.caseId);
    for (const o of ["confirmed", "dismissed"]) { const opt = document.createElement("option"); opt.value = o; opt.textContent = o; outcome.appendChild(opt); }
    const note = document.createElement("input");
    note.placeholder = "note"; note.required = true; note.setAttribute("aria-label", "Note for case " + c.caseId);
    const resolve = document.createElement("button");
    resolve.type = "submit"; resolve.textContent = "Resolve";
    form.append(outcome, note, resolve);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act(`/v1/cases/${encodeURIComponent(c.caseId)}/resolve`, { outcome: outcome.value, note: note.value });
    });
    actions.appendChild(form);
    caseRows.set(c.caseId, row);
    return row;
  }

  async function act(path, body) {
    try {
      await api(path, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });
      setStatus("done: " + path.split("/").pop(), true);
    } catch (err) {
      setStatus(err.message, false);
    }
    await refreshCases();
  }

  function scheduleCases() {
    clearTimeout(state.casesTimer);
    state.casesTimer = setTimeout(() => refreshCases().catch((e) => setStatus(e.message, false)), 150);
  }

  // ---- seller drawer -------------------------------------------------------------------
  async function openSeller(sellerId) {
    const drawer = $("drawer");
    const body = $("drawer-body");
    $("drawer-title").textContent = "Seller " + sellerId;
    body.replaceChildren(text("loading…"));
    drawer.hidden = false;
    $("drawer-close").focus();
    try {
      const d = await api(`/v1/sellers/${encodeURIComponent(sellerId)}/dossier`);
      const s = d.seller;
      body.replaceChildren();
      const p = document.createElement("p");
      p.append(text(`Score ${s.score} `), band(s.band), text(` · decision ${s.decision} since ${time(s.decisionSince)} · ${s.counts.listings} listings, ${s.counts.removedListings} removed, ${s.counts.reports} reporters`));
      body.appendChild(p);
      body.appendChild(table("Factors", ["Code", "Points", "Detail"], s.factors.map((f) => [f.code, f.points, f.detail])));
      body.appendChild(table("Timeline", ["At", "Kind", "From → to", "Reason", "Actor"],
        d.timeline.slice().reverse().map((t) => [time(t.at), t.kind, `${t.from ?? ""} → ${t.to ?? ""}`, t.reason, t.actor])));
      body.appendChild(table("Listings", ["Listing", "Status", "Score", "Title"], d.listings.map((l) => [l.listingId, l.status, l.score, l.title])));
    } catch (err) {
      body.replaceChildren(text(err.message));
    }
  }

  function table(title, heads, rows) {
    const wrap = document.createElement("section");
    const h = document.createElement("h3"); h.textContent = title; wrap.appendChild(h);
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const x of heads) { const th = document.createElement("th"); th.textContent = x; head.appendChild(th); }
    const body = t.createTBody();
    for (const r of rows) { const row = body.insertRow(); for (const v of r) cell(row, v); }
    if (rows.length === 0) { const row = body.insertRow(); const td = cell(row, "none"); td.colSpan = heads.length; }
    wrap.appendChild(t);
    return wrap;
  }

  function closeDrawer() { $("drawer").hidden = true; }

  // ---- live feed: server-sent events read with fetch, since EventSource cannot send the key
  async function follow() {
    state.abort?.abort();
    const controller = new AbortController();
    state.abort = controller;
    while (!controller.signal.aborted) {
      try {
        const h = headers(false);
        if (state.lastEventId) h["Last-Event-ID"] = state.lastEventId;
        const response = await fetch("/v1/feed", { headers: h, signal: controller.signal });
        if (!response.ok) throw new Error(`feed ${response.status}`);
        setStatus("live", true);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            handle(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        setStatus("reconnecting: " + err.message, false);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  let pendingRender = null;
  const fresh = new Set();
  function handle(block) {
    let event = "message", data = "", id = null;
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
      else if (line.startsWith("id: ")) id = line.slice(4);
    }
    if (id) state.lastEventId = id;
    if (!data) return;
    const payload = JSON.parse(data);
    if (event === "risk") {
      applyRisk(payload);
      fresh.add(payload.sellerId);
      if (!pendingRender) pendingRender = requestAnimationFrame(() => { renderTop(fresh); fresh.clear(); pendingRender = null; });
    } else if (event === "case") {
      scheduleCases();
    } else if (event === "gap") {
      refreshSummary().catch(() => {});
    }
  }

  async function connect(event) {
    event?.preventDefault();
    state.key = $("api-key").value.trim();
    state.actor = $("actor").value.trim() || "moderator";
    sessionStorage.setItem("ipguard-key", state.key);
    sessionStorage.setItem("ipguard-actor", state.actor);
    // The Orleans dashboard (/orleans, admin) cannot send headers: it reads this cookie, scoped to its path.
    document.cookie = `ipguard-key=${encodeURIComponent(state.key)}; path=/orleans; SameSite=Strict`;
    setStatus("connecting…");
    try {
      await Promise.all([refreshSummary(), refreshCases(), refreshPolicy()]);
      follow();
    } catch (err) {
      setStatus(err.message, false);
    }
  }

  $("key-form").addEventListener("submit", connect);
  $("drawer-close").addEventListener("click", closeDrawer);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeDrawer(); });
  setInterval(() => { if (state.key) refreshSummary().catch((e) => setStatus(e.message, false)); }, 1000);
  // Policies change at admin pace and the report merges once a second: every 2 s is enough.
  setInterval(() => { if (state.key) refreshPolicy().catch((e) => setStatus(e.message, false)); }, 2000);
  const savedKey = sessionStorage.getItem("ipguard-key");
  if (savedKey) {
    $("api-key").value = savedKey;
    $("actor").value = sessionStorage.getItem("ipguard-actor") || "moderator";
    connect();
  }
})();
