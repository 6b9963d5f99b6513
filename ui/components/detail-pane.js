// @ts-check
/** The detail pane of a list: describe, YAML and events tabs for one object, loaded when opened. */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, enc } from "../lib/api.js";
import { age } from "../lib/table.js";
import { ActionBar } from "./actions.js";
import { LOG_KINDS, LogsView } from "./logs-view.js";

/** @typedef {{ cluster: string, kind: string, ns: string, name: string, onClose: () => void, onDeleted?: (key: string) => void }} DetailProps */
/** @typedef {({ state: "loading" } | { state: "error", message: string } | { state: "ok", data: unknown }) & { stamp?: number }} Load */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** @param {string} cluster @param {string} kind @param {string} ns @param {string} name */
export function objectPath(cluster, kind, ns, name) {
  return `/api/clusters/${enc(cluster)}/resources/${kind}/${enc(ns || "_")}/${enc(name)}`;
}

/** @param {string} path @returns {Promise<Load>} */
async function load(path) {
  const r = await api(path);
  return r.ok ? { state: "ok", data: r.data } : { state: "error", message: r.message };
}

/** YAML comes as text or as { yaml }; either way we show text. @param {string} path @returns {Promise<Load>} */
async function loadYaml(path) {
  const response = await fetch(path, { headers: { accept: "application/yaml, application/json" } });
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    const body = await response.json().catch(() => null);
    if (!response.ok) return { state: "error", message: isObj(body) && typeof body.message === "string" ? body.message : `HTTP ${response.status}` };
    return { state: "ok", data: isObj(body) && typeof body.yaml === "string" ? body.yaml : JSON.stringify(body, null, 2) };
  }
  const text = await response.text();
  return response.ok ? { state: "ok", data: text } : { state: "error", message: `HTTP ${response.status}` };
}

/** @param {Record<string, unknown>} o @param {string} key */
const rec = (o, key) => (isObj(o[key]) ? /** @type {Record<string, unknown>} */ (o[key]) : {});

/** @param {unknown} v */
function scalar(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return Array.isArray(v) && v.every((x) => typeof x !== "object") ? v.join(", ") : JSON.stringify(v);
  return String(v);
}

/** @param {{ data: unknown }} props */
function Describe({ data }) {
  const obj = isObj(data) && isObj(data.object) ? data.object : data;
  if (!isObj(obj)) return html`<p class="muted">No details.</p>`;
  const meta = rec(obj, "metadata");
  const status = rec(obj, "status");
  const spec = rec(obj, "spec");
  /** @type {Array<[string, string]>} */
  const facts = [
    ["Kind", `${scalar(obj.kind)} ${scalar(obj.apiVersion)}`],
    ["Name", scalar(meta.name)],
    ["Namespace", scalar(meta.namespace)],
    ["Created", meta.creationTimestamp ? `${scalar(meta.creationTimestamp)} (${age(String(meta.creationTimestamp), Date.now())} ago)` : ""],
    ["UID", scalar(meta.uid)],
    ["Labels", Object.entries(rec(meta, "labels")).map(([k, v]) => `${k}=${v}`).join("\n")],
    ["Annotations", Object.keys(rec(meta, "annotations")).join("\n")],
    ["Owners", Array.isArray(meta.ownerReferences) ? meta.ownerReferences.map((o) => (isObj(o) ? `${o.kind}/${o.name}` : "")).join(", ") : ""],
  ];
  for (const [k, v] of Object.entries(status)) if (typeof v !== "object") facts.push([`Status ${k}`, scalar(v)]);
  for (const [k, v] of Object.entries(spec)) if (typeof v !== "object" || (Array.isArray(v) && v.every((x) => typeof x !== "object"))) facts.push([k, scalar(v)]);
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObj) : [];
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObj) : [];
  return html`<dl class="describe">${facts.filter(([, v]) => v.trim() !== "").map(([k, v]) => html`<dt>${k}</dt><dd class=${k === "Labels" || k === "Annotations" ? "mono" : ""}>${v}</dd>`)}</dl>
    ${containers.length > 0 && html`<h3>Containers</h3><dl class="describe">${containers.map((c) => html`<dt>${scalar(c.name)}</dt><dd class="mono">${scalar(c.image)}</dd>`)}</dl>`}
    ${conditions.length > 0 && html`<h3>Conditions</h3><dl class="describe">${conditions.map((c) => html`<dt>${scalar(c.type)}</dt><dd>${scalar(c.status)}${c.reason ? ` · ${scalar(c.reason)}` : ""}${c.message ? ` · ${scalar(c.message)}` : ""}</dd>`)}</dl>`}`;
}

/** @param {number} bytes */
const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Usage from metrics.k8s.io, when the cluster serves it (pods and nodes). @param {{ cluster: string, kind: string, ns: string, name: string }} props */
function Metrics({ cluster, kind, ns, name }) {
  const [item, setItem] = useState(/** @type {Record<string, unknown> | null} */ (null));
  useEffect(() => {
    if (kind !== "pods" && kind !== "nodes") return;
    let live = true;
    api(`/api/clusters/${enc(cluster)}/metrics/${kind}${kind === "pods" ? `?namespace=${enc(ns)}` : ""}`).then((r) => {
      if (!live || !r.ok || !isObj(r.data) || r.data.available !== true || !Array.isArray(r.data.items)) return;
      const found = r.data.items.filter(isObj).find((i) => i.name === name);
      if (found) setItem(found);
    });
    return () => {
      live = false;
    };
  }, [cluster, kind, ns, name]);
  if (!item) return null;
  const containers = Array.isArray(item.containers) ? item.containers.filter(isObj) : [];
  return html`<h3>Usage</h3><dl class="describe" data-testid="metrics">
    <dt>CPU</dt><dd>${Number(item.cpuMillicores ?? 0)}m</dd><dt>Memory</dt><dd>${mib(Number(item.memoryBytes ?? 0))}</dd>
    ${containers.length > 1 && containers.map((c) => html`<dt>${String(c.name)}</dt><dd>${Number(c.cpuMillicores ?? 0)}m · ${mib(Number(c.memoryBytes ?? 0))}</dd>`)}
  </dl>`;
}

/** @param {{ data: unknown }} props */
function Events({ data }) {
  const list = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.items) ? data.items : isObj(data) && Array.isArray(data.events) ? data.events : [];
  const events = list.filter(isObj);
  if (events.length === 0) return html`<p class="muted">No events.</p>`;
  const now = Date.now();
  return html`<dl class="describe">${events.map((e) => {
    const when = scalar(e.lastTimestamp || e.eventTime || rec(e, "metadata").creationTimestamp);
    return html`<dt class=${e.type === "Warning" ? "status-degraded" : ""}>${scalar(e.reason)}</dt>
      <dd>${scalar(e.message)} <span class="muted">${when ? `${age(when, now)} ago` : ""}${e.count ? ` ×${scalar(e.count)}` : ""}</span></dd>`;
  })}</dl>`;
}

/** @typedef {"describe" | "yaml" | "events" | "logs"} TabName */

/** Container names of a pod (or a workload's pod template). @param {Record<string, unknown> | undefined} obj */
function containerNames(obj) {
  const spec = obj && isObj(obj.spec) ? obj.spec : {};
  const podSpec = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : spec;
  const list = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return list.filter(isObj).map((c) => String(c.name ?? "")).filter(Boolean);
}

/** @param {DetailProps} props */
export function DetailPane({ cluster, kind, ns, name, onClose, onDeleted }) {
  const plural = kind.split("/").pop() ?? kind;
  /** @type {TabName[]} */
  const TABS = ["describe", "yaml", "events", ...(kind === plural && LOG_KINDS.includes(plural) ? /** @type {TabName[]} */ (["logs"]) : [])];
  const [tab, setTab] = useState(/** @type {TabName} */ ("describe"));
  const [loads, setLoads] = useState(/** @type {Record<string, Load>} */ ({}));
  const [reload, setReload] = useState(0);
  const heading = useRef(/** @type {HTMLHeadingElement | null} */ (null));
  const path = objectPath(cluster, kind, ns, name);

  // The list keys this pane by object, so a new selection is a fresh pane: focus its heading.
  useEffect(() => {
    heading.current?.focus();
  }, [path]);

  // Load a tab when first shown, and again after a change (the old content stays until the new arrives).
  useEffect(() => {
    if (tab === "logs") return;
    const have = loads[tab];
    if (have && have.state !== "loading" && have.stamp === reload) return;
    let live = true;
    if (!have) setLoads((l) => ({ ...l, [tab]: { state: "loading" } }));
    const p = tab === "describe" ? load(path) : tab === "yaml" ? loadYaml(`${path}/yaml`) : load(`${path}/events`);
    p.then((result) => live && setLoads((l) => ({ ...l, [tab]: { ...result, stamp: reload } })));
    return () => {
      live = false;
    };
  }, [tab, path, reload]);

  /** @type {Load | undefined} */
  const current = tab === "logs" ? { state: "ok", data: null } : loads[tab];
  const described = loads.describe?.state === "ok" && isObj(loads.describe.data) ? loads.describe.data : undefined;
  const object = described && isObj(described.object) ? described.object : undefined;
  const secretKeys = described && Array.isArray(described.secretKeys) ? described.secretKeys.filter(isObj).map((k) => ({ key: String(k.key), bytes: Number(k.bytes) || 0 })) : [];
  /** @param {"deleted" | "updated"} what */
  const onChanged = (what) => {
    if (what === "deleted") {
      onDeleted?.(`${ns}/${name}`);
      onClose();
    } else {
      setReload(reload + 1);
      if (tab !== "describe") setTab("describe");
    }
  };
  /** @param {KeyboardEvent} e */
  const onTabKey = (e) => {
    const i = TABS.indexOf(tab);
    if (e.key === "ArrowRight") setTab(TABS[(i + 1) % TABS.length] ?? "describe");
    if (e.key === "ArrowLeft") setTab(TABS[(i + TABS.length - 1) % TABS.length] ?? "describe");
  };
  return html`<section class="detail" aria-label=${`${name} details`} data-testid="detail-pane">
    <header>
      <h2 tabindex="-1" ref=${heading}>${name}</h2>
      <span class="muted">${ns}</span>
      <span class="spacer"></span>
      <a class="button" href=${`/clusters/${enc(cluster)}/${kind}/${enc(ns || "_")}/${enc(name)}/edit`}>Edit YAML</a>
      <button type="button" onClick=${onClose} aria-label="Close details">✕</button>
    </header>
    <${ActionBar} cluster=${cluster} kind=${kind} ns=${ns} name=${name} object=${object} secretKeys=${secretKeys} onChanged=${onChanged} />
    <div class="tabs" role="tablist" onKeyDown=${onTabKey}>
      ${TABS.map((t) => html`<button type="button" role="tab" id=${`tab-${t}`} aria-selected=${t === tab ? "true" : "false"} aria-controls="tab-panel"
        tabindex=${t === tab ? 0 : -1} onClick=${() => setTab(t)}>${t === "yaml" ? "YAML" : (t[0]?.toUpperCase() ?? "") + t.slice(1)}</button>`)}
    </div>
    <div class="tab-body" id="tab-panel" role="tabpanel" tabindex="0" aria-labelledby=${`tab-${tab}`} aria-busy=${!current || current.state === "loading" ? "true" : "false"}>
      ${!current || current.state === "loading"
        ? html`<p class="muted">Loading…</p>`
        : current.state === "error"
          ? html`<div class="error-box" role="alert">${current.message}</div>`
          : tab === "describe"
            ? html`<${Describe} data=${current.data} /><${Metrics} cluster=${cluster} kind=${plural} ns=${ns} name=${name} />`
            : tab === "yaml"
              ? html`<pre class="mono" data-testid="yaml">${String(current.data)}</pre>`
              : tab === "logs"
                ? html`<${LogsView} cluster=${cluster} kind=${plural} ns=${ns} name=${name} containers=${containerNames(object)} />`
                : html`<${Events} data=${current.data} />`}
    </div>
  </section>`;
}
