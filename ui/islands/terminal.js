// @ts-check
/**
 * The exec terminal: xterm.js (loaded only on this page) over the console's WebSocket exec bridge.
 * Binary frames carry keystrokes and output; JSON text frames carry resize, hello, idle_warn, closed, error.
 */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";

/**
 * @typedef {object} TerminalProps
 * @property {string} cluster
 * @property {string} ns
 * @property {string} name
 * @property {string} container
 * @property {string[]} containers
 * @property {string} [command]
 */

/** @param {TerminalProps} props */
export default function ExecTerminal({ cluster, ns, name, container: initialContainer, containers, command }) {
  const host = useRef(/** @type {HTMLDivElement | null} */ (null));
  const term = useRef(/** @type {Terminal | null} */ (null));
  const [container, setContainer] = useState(initialContainer);
  const [state, setState] = useState(/** @type {{ phase: "connecting" | "open" | "closed" | "error", text: string }} */ ({ phase: "connecting", text: "connecting…" }));
  const [idle, setIdle] = useState(/** @type {number | null} */ (null));
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!host.current) return;
    const t = new Terminal({ cursorBlink: true, convertEol: false, fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 13, scrollback: 5000 });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.open(host.current);
    fit.fit();
    term.current = t;
    const onResize = () => fit.fit();
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      t.dispose();
    };
  }, []);

  useEffect(() => {
    const t = term.current;
    if (!t) return;
    const q = new URLSearchParams({ tty: "true" });
    if (container) q.set("container", container);
    if (command) q.set("command", command);
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${proto}//${location.host}/api/clusters/${encodeURIComponent(cluster)}/pods/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/exec?${q}`, ["periscope.exec.v1"]);
    ws.binaryType = "arraybuffer";
    setState({ phase: "connecting", text: "connecting…" });
    setIdle(null);
    const encoder = new TextEncoder();
    const sendResize = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "resize", cols: t.cols, rows: t.rows }));
    const dataSub = t.onData((d) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(encoder.encode(d));
      setIdle(null);
    });
    const resizeSub = t.onResize(sendResize);
    ws.onopen = () => sendResize();
    ws.onmessage = (e) => {
      if (e.data instanceof ArrayBuffer) {
        t.write(new Uint8Array(e.data));
        return;
      }
      /** @type {Record<string, unknown>} */
      let m;
      try {
        m = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (m.type === "hello") {
        setState({ phase: "open", text: `connected to ${String(m.container ?? container ?? "")} · ${Array.isArray(m.command) ? m.command.join(" ") : String(m.command ?? "")}` });
        t.focus();
      } else if (m.type === "idle_warn") {
        setIdle(typeof m.closesInSeconds === "number" ? m.closesInSeconds : 0);
      } else if (m.type === "closed") {
        const code = typeof m.exitCode === "number" ? `, exit code ${m.exitCode}` : "";
        setState({ phase: "closed", text: `session closed: ${String(m.reason ?? "ended")}${code}${m.message ? ` (${String(m.message)})` : ""}` });
        setIdle(null);
      } else if (m.type === "error") {
        setState({ phase: "error", text: String(m.message ?? m.code ?? "exec failed") });
      }
    };
    ws.onclose = (e) =>
      setState((s) => (s.phase === "closed" || s.phase === "error" ? s : { phase: "closed", text: `connection closed${e.reason ? `: ${e.reason}` : ""}` }));
    ws.onerror = () => setState((s) => (s.phase === "open" ? { phase: "error", text: "the connection failed" } : { phase: "error", text: "could not open the session (see the server's answer: permissions, limits or exec disabled)" }));
    return () => {
      dataSub.dispose();
      resizeSub.dispose();
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "close" }));
      ws.close();
    };
  }, [container, attempt]);

  const ended = state.phase === "closed" || state.phase === "error";
  return html`<div class="exec-bar">
      ${containers.length > 1 && html`<label>Container <select value=${container} onChange=${(/** @type {Event} */ e) => setContainer(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
        ${containers.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>`}
      <span class=${`exec-state exec-${state.phase}`} role="status" data-testid="exec-status">${state.text}</span>
      ${ended && html`<button type="button" class="primary" onClick=${() => { term.current?.reset(); setAttempt(attempt + 1); }}>Reconnect</button>`}
    </div>
    ${idle !== null && html`<div class="notice" role="alert" data-testid="idle-warning">Idle: this session closes in ${idle} s. Press any key to keep it open.</div>`}
    <div class="terminal" ref=${host} data-testid="terminal"></div>`;
}
