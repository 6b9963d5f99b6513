// @ts-check
/**
 * Logs of a pod or a workload over SSE: follow, timestamps, previous container, container and pod filters,
 * search, and download of what was received. The buffer is bounded; reconnects are explicit (a silent
 * EventSource retry would repeat lines).
 */
import { html } from "htm/preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { enc } from "../lib/api.js";

export const LOG_KINDS = ["pods", "deployments", "statefulsets", "daemonsets", "jobs"];
const MAX_LINES = 10_000;
const SHOWN = 2_000;

/** @typedef {{ pod: string, container: string, timestamp?: string, text: string }} LogLine */

/**
 * @param {{ cluster: string, kind: string, ns: string, name: string, containers: string[] }} props
 */
export function LogsView({ cluster, kind, ns, name, containers }) {
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [previous, setPrevious] = useState(false);
  const [container, setContainer] = useState("");
  const [pod, setPod] = useState("");
  const [search, setSearch] = useState("");
  const [pods, setPods] = useState(/** @type {string[]} */ ([]));
  const [lines, setLines] = useState(/** @type {LogLine[]} */ ([]));
  const [status, setStatus] = useState("connecting…");
  const [attempt, setAttempt] = useState(0);
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const buffer = useRef(/** @type {LogLine[]} */ ([]));

  useEffect(() => {
    const q = new URLSearchParams({ follow: String(follow), timestamps: "true", previous: String(previous), tailLines: "500" });
    if (container) q.set("container", container);
    const path = kind === "pods" ? "pods" : kind;
    const source = new EventSource(`/api/clusters/${enc(cluster)}/${path}/${enc(ns)}/${enc(name)}/logs?${q}`);
    buffer.current = [];
    setLines([]);
    setStatus("connecting…");
    let pending = 0;
    const flush = () => {
      pending = 0;
      setLines(buffer.current.slice());
    };
    source.addEventListener("meta", (e) => {
      const data = JSON.parse(/** @type {MessageEvent} */ (e).data);
      const list = Array.isArray(data?.pods) ? data.pods.map((/** @type {unknown} */ p) => (typeof p === "string" ? p : p && typeof p === "object" && "name" in p ? String(p.name) : "")).filter(Boolean) : [];
      setPods(list);
      setStatus(follow ? "following" : "loaded");
    });
    source.addEventListener("line", (e) => {
      const data = JSON.parse(/** @type {MessageEvent} */ (e).data);
      buffer.current.push({ pod: String(data.pod ?? ""), container: String(data.container ?? ""), timestamp: data.timestamp, text: String(data.text ?? "") });
      if (buffer.current.length > MAX_LINES) buffer.current.splice(0, buffer.current.length - MAX_LINES);
      if (!pending) pending = requestAnimationFrame(flush);
    });
    source.addEventListener("end", (e) => {
      const data = JSON.parse(/** @type {MessageEvent} */ (e).data || "{}");
      setStatus(`ended${data?.reason ? `: ${data.reason}` : ""}${data?.message ? ` (${data.message})` : ""}`);
      source.close();
    });
    source.addEventListener("auth_expired", () => location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`));
    source.addEventListener("error", (e) => {
      if (e instanceof MessageEvent) return;
      source.close();
      setStatus((s) => (s.startsWith("ended") ? s : "disconnected"));
    });
    return () => {
      source.close();
      if (pending) cancelAnimationFrame(pending);
    };
  }, [cluster, kind, ns, name, follow, previous, container, attempt]);

  const shown = useMemo(() => {
    const s = search.trim().toLowerCase();
    const out = lines.filter((l) => (!pod || l.pod === pod) && (!s || l.text.toLowerCase().includes(s)));
    return out.slice(-SHOWN);
  }, [lines, pod, search]);

  // Keep the view at the bottom while following, unless the user scrolled up to read.
  const stick = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && follow && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown, follow]);
  const onScroll = () => {
    const el = box.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  const download = () => {
    const text = lines.map((l) => `${l.timestamp ? `${l.timestamp} ` : ""}${pods.length > 1 ? `[${l.pod}] ` : ""}${l.text}`).join("\n");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    a.download = `${name}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  /** @param {(v: boolean) => void} set */
  const toggle = (set) => (/** @type {Event} */ e) => set(/** @type {HTMLInputElement} */ (e.currentTarget).checked);
  return html`<div class="logs" data-testid="logs">
    <div class="logs-bar">
      ${containers.length > 1 && html`<label>Container <select value=${container} onChange=${(/** @type {Event} */ e) => setContainer(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
        <option value="">default</option>${containers.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>`}
      ${pods.length > 1 && html`<label>Pod <select value=${pod} onChange=${(/** @type {Event} */ e) => setPod(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
        <option value="">all ${pods.length}</option>${pods.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>`}
      <label><input type="checkbox" checked=${follow} onChange=${toggle(setFollow)} /> follow</label>
      <label><input type="checkbox" checked=${timestamps} onChange=${toggle(setTimestamps)} /> timestamps</label>
      <label><input type="checkbox" checked=${previous} onChange=${toggle(setPrevious)} /> previous</label>
      <input type="search" placeholder="Search logs" aria-label="Search logs" value=${search} onInput=${(/** @type {Event} */ e) => setSearch(/** @type {HTMLInputElement} */ (e.currentTarget).value)} />
      <button type="button" onClick=${download} disabled=${lines.length === 0}>Download</button>
      <span class="muted" role="status" data-testid="logs-status">${status} · ${lines.length} lines</span>
      ${(status === "disconnected" || status.startsWith("ended")) && html`<button type="button" onClick=${() => setAttempt(attempt + 1)}>Reconnect</button>`}
    </div>
    <div class="log-lines mono" ref=${box} onScroll=${onScroll} tabindex="0" aria-label="Log lines" aria-live="off">
      ${shown.map((l) => html`<div class="log-line">${timestamps && l.timestamp ? html`<span class="muted">${l.timestamp} </span>` : null}${pods.length > 1 && !pod ? html`<span class="log-pod">[${l.pod}] </span>` : null}${l.text}</div>`)}
      ${shown.length === 0 && html`<p class="muted">${lines.length === 0 ? "No log lines yet." : "No line matches the search."}</p>`}
    </div>
  </div>`;
}
