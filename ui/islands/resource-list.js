// @ts-check
/**
 * A resource list: server-computed columns, namespace and text filters, sorting, virtualised rows (only the
 * visible window is in the DOM, so 5,000 pods stay fast), live updates and the detail pane.
 */
import { html } from "htm/preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { enc } from "../lib/api.js";
import { LiveList } from "../lib/live-list.js";
import { cellText, compareCells, rowOf, tableOf, toModel, unpackModel } from "../lib/table.js";

/** @typedef {import("../lib/table.js").TableModel} TableModel */
/** @typedef {import("../lib/table.js").Row} Row */
/** @typedef {import("../lib/live-list.js").Health} Health */
/**
 * @typedef {object} ListProps
 * @property {string} cluster
 * @property {string} kind           registry plural or group/version/plural
 * @property {string} label
 * @property {boolean} namespaced
 * @property {string} namespace      "" = all namespaces
 * @property {string[]} namespaces
 * @property {import("../lib/table.js").PackedModel | null} model   rows packed as [ns, name, ...cells]
 * @property {{ code: string, message: string, status: number } | null} error
 * @property {string} [selected]     "ns/name"
 * @property {number} now            server time, so the first paint matches the server's
 * @property {boolean} [live]        a watch stream exists for this kind (else the list polls)
 * @property {string} [filter]       initial text filter (`?q=`, so the no-JavaScript form works too)
 * @property {import("../lib/live-list.js").LiveTiming} [timing]  short intervals for tests (`?live_*_ms=`)
 */

/**
 * The detail pane (with its actions, logs and metrics) loads on first selection, keeping the list's first
 * screen small. Module-level so later panes on the same page render at once.
 * @type {import("../components/detail-pane.js").DetailPane | null}
 */
let LoadedPane = null;

const FIRST_ROWS = 60;
const OVERSCAN = 12;

/** @param {ListProps} props */
export default function ResourceList(props) {
  const { cluster, kind, label, namespaced, namespaces } = props;
  const [model, setModel] = useState(() => (props.model ? unpackModel(props.model) : null));
  const [error, setError] = useState(props.error);
  const [namespace, setNamespace] = useState(props.namespace);
  const [filter, setFilter] = useState(props.filter ?? "");
  const [sort, setSort] = useState(/** @type {{ col: number, dir: 1 | -1 }} */ ({ col: -1, dir: 1 }));
  const [selected, setSelected] = useState(props.selected ?? "");
  const [health, setHealth] = useState(/** @type {{ h: Health, at: number, message?: string }} */ ({ h: "connecting", at: props.now }));
  const [now, setNow] = useState(props.now);
  const [mounted, setMounted] = useState(false);
  const [Pane, setPane] = useState(() => LoadedPane);
  const [view, setView] = useState({ top: 0, height: 800, rowHeight: 33 });
  const grid = useRef(/** @type {HTMLDivElement | null} */ (null));
  const filterInput = useRef(/** @type {HTMLInputElement | null} */ (null));
  const modelRef = useRef(model);
  modelRef.current = model;

  const base = `/api/clusters/${enc(cluster)}/resources/${kind}`;
  const query = namespace ? `?namespace=${enc(namespace)}` : "";

  useEffect(() => {
    if (!selected || Pane) return;
    import("../components/detail-pane.js").then((m) => {
      LoadedPane = m.DetailPane;
      setPane(() => m.DetailPane);
    });
  }, [selected]);

  useEffect(() => {
    setMounted(true);
    const tick = setInterval(() => setNow(Date.now()), 10_000);
    setNow(Date.now());
    return () => clearInterval(tick);
  }, []);

  // Live updates: the stream's snapshot replaces the rows, changes patch them in place by key.
  useEffect(() => {
    const live = new LiveList(
      {
        listUrl: `${base}${query}`,
        watchUrl: props.live ? `${base}/watch${query}` : undefined,
        // The server-rendered rows are current as of this version; a namespace switch needs a fresh snapshot.
        resourceVersion: namespace === props.namespace ? (props.model?.resourceVersion ?? "") : "",
      },
      {
        snapshot(data) {
          const next = toModel(data);
          if (next) {
            setModel(next);
            setError(null);
          } else if (Array.isArray(/** @type {Record<string, unknown>} */ (data)?.rows) && modelRef.current) {
            const keep = modelRef.current.keep;
            const rows = /** @type {unknown[]} */ (/** @type {Record<string, unknown>} */ (data).rows).map((r) => rowOf(r, keep)).filter((r) => r !== undefined);
            setModel({ ...modelRef.current, rows: /** @type {Row[]} */ (rows) });
          }
        },
        change(type, data) {
          const current = modelRef.current;
          if (!current) return;
          const table = tableOf(data);
          const d = /** @type {Record<string, unknown>} */ (data && typeof data === "object" ? data : {});
          const raw = table ? table.rows : Array.isArray(d.rows) ? d.rows : d.row ? [d.row] : d.object ? [d.object] : [data];
          const changed = /** @type {Row[]} */ (raw.map((r) => rowOf(r, current.keep)).filter((r) => r !== undefined));
          if (changed.length === 0) return;
          const keys = new Set(changed.map((r) => r.key));
          let rows = current.rows;
          if (type === "deleted") rows = rows.filter((r) => !keys.has(r.key));
          else {
            const byKey = new Map(changed.map((r) => [r.key, r]));
            rows = rows.map((r) => byKey.get(r.key) ?? r);
            for (const r of rows) byKey.delete(r.key);
            rows = byKey.size > 0 ? [...rows, ...byKey.values()] : rows;
          }
          setModel({ ...current, rows });
        },
        health(h, detail) {
          setHealth({ h, at: detail.lastDataAt, message: detail.message });
        },
      },
      props.timing,
    );
    live.start();
    return () => live.stop();
  }, [base, query]);

  // Measure the viewport and the real row height once rows exist; follow scrolling and resizes.
  useEffect(() => {
    const el = grid.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const row = el.querySelector("tbody tr:not(.pad)");
      setView({ top: el.scrollTop, height: el.clientHeight, rowHeight: row instanceof HTMLElement && row.offsetHeight > 0 ? row.offsetHeight : 33 });
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
    };
  }, [mounted]);

  useEffect(() => {
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        e.preventDefault();
        filterInput.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const columns = model?.columns ?? [];
  const visibleRows = useMemo(() => {
    let rows = model?.rows ?? [];
    const f = filter.trim().toLowerCase();
    if (f) rows = rows.filter((r) => r.name.toLowerCase().includes(f) || r.ns.toLowerCase().includes(f) || r.cells.some((c) => c !== null && String(c).toLowerCase().includes(f)));
    if (sort.col >= 0) {
      const i = sort.col;
      const date = columns[i]?.format === "date" ? -1 : 1;
      rows = [...rows].sort((a, b) => compareCells(a.cells[i] ?? null, b.cells[i] ?? null) * sort.dir * date);
    }
    return rows;
  }, [model, filter, sort]);

  // Window: the server and the first client render show the first rows; afterwards only what is visible.
  const total = visibleRows.length;
  const rh = view.rowHeight;
  // Clamp: after a filter shrinks the list the old scroll offset may point past its end.
  const perView = Math.ceil(view.height / rh);
  const start = mounted ? Math.max(0, Math.min(Math.floor(view.top / rh), total - perView) - OVERSCAN) : 0;
  const end = mounted ? Math.min(total, Math.ceil((view.top + view.height) / rh) + OVERSCAN) : Math.min(total, FIRST_ROWS);
  const windowRows = visibleRows.slice(start, end);
  const showNs = namespaced && !namespace;

  /** @param {Row} row */
  const open = (row) => {
    setSelected(row.key);
    const url = new URL(location.href);
    url.searchParams.set("sel", row.key);
    history.replaceState(null, "", url);
  };
  const close = () => {
    setSelected("");
    const url = new URL(location.href);
    url.searchParams.delete("sel");
    history.replaceState(null, "", url);
  };

  /** @param {KeyboardEvent} e */
  const onGridKey = (e) => {
    if (!["ArrowDown", "ArrowUp", "Enter", "Escape", "Home", "End"].includes(e.key)) return;
    e.preventDefault();
    if (e.key === "Escape") return close();
    const idx = visibleRows.findIndex((r) => r.key === selected);
    let next = idx;
    if (e.key === "ArrowDown") next = Math.min(total - 1, idx + 1);
    if (e.key === "ArrowUp") next = Math.max(0, idx - 1);
    if (e.key === "Home") next = 0;
    if (e.key === "End") next = total - 1;
    const row = visibleRows[Math.max(0, next)];
    if (!row) return;
    open(row);
    const el = grid.current;
    if (el) {
      const y = Math.max(0, next) * rh;
      if (y < el.scrollTop + rh) el.scrollTop = Math.max(0, y - rh);
      else if (y > el.scrollTop + el.clientHeight - 2 * rh) el.scrollTop = y - el.clientHeight + 2 * rh;
    }
  };

  /** @param {Event} e */
  const onNamespace = (e) => {
    const ns = /** @type {HTMLSelectElement} */ (e.currentTarget).value;
    setNamespace(ns);
    const url = new URL(location.href);
    if (ns) url.searchParams.set("namespace", ns);
    else url.searchParams.delete("namespace");
    history.replaceState(null, "", url);
  };

  const [selNs, selName] = selected ? [selected.slice(0, selected.indexOf("/")), selected.slice(selected.indexOf("/") + 1)] : ["", ""];
  const colCount = columns.length + (showNs ? 1 : 0);
  return html`<div class="list-head">
      <h1>${label}</h1>
      <span class="count" aria-live="polite">${model ? `${total}${total !== model.rows.length ? ` of ${model.rows.length}` : ""}` : ""}</span>
      <form method="get" class="filters" role="search" onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
        ${namespaced && html`<label>Namespace <select name="namespace" value=${namespace} onChange=${onNamespace}>
          <option value="">All namespaces</option>
          ${namespaces.map((n) => html`<option value=${n}>${n}</option>`)}
        </select></label>`}
        <input ref=${filterInput} type="search" name="q" placeholder="Filter  /" aria-label=${`Filter ${label}`} value=${filter}
          onInput=${(/** @type {Event} */ e) => {
            setFilter(/** @type {HTMLInputElement} */ (e.currentTarget).value);
            if (grid.current) grid.current.scrollTop = 0;
          }} />
        <noscript><button type="submit">Apply</button></noscript>
      </form>
      <${HealthBadge} health=${health} mounted=${mounted} />
    </div>
    ${error && html`<div class="error-box" role="alert">Could not list ${label}: ${error.message} <span class="muted">(${error.code}, HTTP ${error.status})</span></div>`}
    <div class=${selected ? "split with-detail" : "split"}>
      <div class="grid" ref=${grid} tabindex="0" onKeyDown=${onGridKey} aria-label=${`${label} rows; arrows move, Enter opens, Escape closes`}>
        <table aria-rowcount=${total + 1}>
          <thead><tr aria-rowindex="1">
            ${showNs && html`<th scope="col">Namespace</th>`}
            ${columns.map((c, i) => html`<th scope="col" class=${i === 0 ? "col-name" : undefined} aria-sort=${sort.col === i ? (sort.dir === 1 ? "ascending" : "descending") : undefined}>
              <button type="button" onClick=${() => setSort(sort.col === i ? { col: i, dir: sort.dir === 1 ? -1 : 1 } : { col: i, dir: 1 })}>${c.name}${sort.col === i ? (sort.dir === 1 ? " ▲" : " ▼") : ""}</button></th>`)}
          </tr></thead>
          <tbody>
            ${mounted && start > 0 && html`<tr class="pad" aria-hidden="true"><td colspan=${colCount} style=${{ height: `${start * rh}px` }}></td></tr>`}
            ${windowRows.map((r, i) => html`<tr key=${r.key} aria-rowindex=${start + i + 2} aria-selected=${r.key === selected ? "true" : "false"} data-key=${r.key} onClick=${() => open(r)}>
              ${showNs && html`<td>${r.ns}</td>`}
              ${r.cells.map((c, j) => j === 0 ? html`<td><a href=${`?${new URLSearchParams({ ...(namespace ? { namespace } : {}), sel: r.key })}`} onClick=${(/** @type {Event} */ e) => e.preventDefault()} tabindex="-1">${cellText(c, columns[j], now)}</a></td>` : html`<td class=${statusClass(columns[j]?.name, c)}>${cellText(c, columns[j], now)}</td>`)}
            </tr>`)}
            ${mounted && end < total && html`<tr class="pad" aria-hidden="true"><td colspan=${colCount} style=${{ height: `${(total - end) * rh}px` }}></td></tr>`}
          </tbody>
        </table>
        ${model && total === 0 && html`<p class="empty">${model.rows.length === 0 ? `No ${label.toLowerCase()}${namespace ? ` in ${namespace}` : ""}.` : "Nothing matches the filter."}</p>`}
      </div>
      ${selected && !Pane && html`<section class="detail" aria-busy="true" aria-label="Loading details"><p class="muted tab-body">Loading…</p></section>`}
      ${selected && Pane && html`<${Pane} key=${selected} cluster=${cluster} kind=${kind} ns=${selNs} name=${selName} onClose=${close}
        onDeleted=${(/** @type {string} */ k) => model && setModel({ ...model, rows: model.rows.filter((r) => r.key !== k) })} />`}
    </div>`;
}

/**
 * The stream-health indicator. It ticks by itself (every second while the age is shown), so the list does not
 * re-render just to count seconds. Screen readers get their own status line without the counter: it changes
 * when the state does, not every second.
 * @param {{ health: { h: Health, at: number, message?: string }, mounted: boolean }} props
 */
function HealthBadge({ health, mounted }) {
  const [now, setNow] = useState(Date.now());
  const ages = health.h === "stale" || health.h === "error" || health.h === "polling";
  useEffect(() => {
    setNow(Date.now());
    if (!ages) return;
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(tick);
  }, [health, ages]);
  return html`<span class=${`health health-${health.h}`}>
    <span aria-hidden="true" data-testid="stream-health">${mounted ? healthText(health, now) : ""}</span>
    <span class="visually-hidden" role="status" data-testid="stream-health-status">${mounted ? healthAnnouncement(health) : ""}</span>
  </span>`;
}

/** The state in words, without the seconds: what the status line announces. @param {{ h: Health, message?: string }} health */
function healthAnnouncement(health) {
  const because = health.message ? `: ${health.message}` : "";
  switch (health.h) {
    case "live":
      return "List is live";
    case "polling":
      return "List is refreshed by polling";
    case "reconnecting":
      return `Reconnecting${because}`;
    case "paused":
      return "Live updates paused";
    case "stale":
    case "error":
      return `List may be out of date${because}`;
    default:
      return "Connecting";
  }
}

/** @param {{ h: Health, at: number, message?: string }} health @param {number} now */
function healthText(health, now) {
  const stale = Math.round((now - health.at) / 1000);
  switch (health.h) {
    case "live":
      return "● live";
    case "polling":
      return stale > 30 ? `polling · stale for ${stale} s` : "polling";
    case "reconnecting":
      return `reconnecting${health.message ? ` (${health.message})` : ""}`;
    case "paused":
      return "paused";
    case "stale":
    case "error":
      return `stale for ${stale} s${health.message ? ` · ${health.message}` : ""}`;
    default:
      return "connecting…";
  }
}

const GOOD = /^(Running|Completed|Succeeded|Active|Bound|Ready|True|Available|Complete)$/;
const WARN = /^(Pending|ContainerCreating|PodInitializing|Terminating|Unknown|Released|NotReady|SchedulingDisabled)/;
const BAD = /(Error|BackOff|Failed|OOMKilled|Evicted|Lost|Invalid|CreateContainerConfigError)/;

/** Colour for status-like cells. @param {string | undefined} column @param {import("../lib/table.js").Cell} value */
function statusClass(column, value) {
  if (column !== "Status" && column !== "Phase" || typeof value !== "string") return undefined;
  return GOOD.test(value) ? "status-healthy" : BAD.test(value) ? "status-unreachable" : WARN.test(value) ? "status-degraded" : undefined;
}
