// @ts-check
/**
 * The YAML editor: CodeMirror 6 (loaded only here, through the import map), dry run, apply, the conflict view
 * with the fields another manager owns, and force apply. Changes go to the resource API's server-side apply.
 */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { yaml } from "@codemirror/lang-yaml";
import { signInUrl } from "../lib/api.js";

/**
 * @typedef {object} EditorProps
 * @property {string} cluster
 * @property {string} kind
 * @property {string} ns
 * @property {string} name
 * @property {string} yaml
 * @property {string} backHref
 * @property {string} [nonce]   lets CodeMirror's injected theme pass the page CSP
 */
/**
 * @typedef {{ state: "idle" } | { state: "busy", what: string } | { state: "ok", message: string }
 *   | { state: "error", message: string } | { state: "conflict", message: string, causes: Array<{ field: string, message: string }> }} Outcome
 */

/** Token colours from CSS variables, so light and dark themes both read well. */
const yamlColors = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--hl-key)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--hl-literal)" },
  { tag: [tags.comment, tags.meta, tags.processingInstruction], color: "var(--muted)", fontStyle: "italic" },
  { tag: [tags.keyword, tags.typeName, tags.labelName, tags.operator], color: "var(--hl-keyword)" },
]);

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** @param {unknown} body @returns {Array<{ field: string, message: string }>} */
function causesOf(body) {
  const details = isObj(body) && isObj(body.details) ? body.details : {};
  const causes = Array.isArray(details.causes) ? details.causes : [];
  return causes.filter(isObj).map((c) => ({ field: typeof c.field === "string" ? c.field : "", message: typeof c.message === "string" ? c.message : "" }));
}

/** @param {EditorProps} props */
export default function YamlEditor({ cluster, kind, ns, name, yaml: initial, backHref, nonce }) {
  const host = useRef(/** @type {HTMLDivElement | null} */ (null));
  const view = useRef(/** @type {EditorView | null} */ (null));
  const [outcome, setOutcome] = useState(/** @type {Outcome} */ ({ state: "idle" }));
  const [dirty, setDirty] = useState(false);
  const [baseline, setBaseline] = useState(initial);
  const path = `/api/clusters/${encodeURIComponent(cluster)}/resources/${kind}/${encodeURIComponent(ns || "_")}/${encodeURIComponent(name)}`;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(yamlColors),
          yaml(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ "aria-label": `YAML of ${name}` }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) setDirty(true);
          }),
        ],
      }),
    });
    // Keyboard users can scroll the document without entering edit mode.
    v.scrollDOM.tabIndex = 0;
    v.scrollDOM.setAttribute("aria-label", `YAML of ${name}, scrollable`);
    view.current = v;
    return () => v.destroy();
  }, []);

  /** @param {{ dryRun?: boolean, force?: boolean }} mode */
  async function apply(mode) {
    const text = view.current?.state.doc.toString() ?? "";
    const what = mode.dryRun ? "Dry run" : mode.force ? "Force apply" : "Apply";
    setOutcome({ state: "busy", what });
    const query = new URLSearchParams();
    if (mode.dryRun) query.set("dryRun", "true");
    if (mode.force) query.set("force", "true");
    let response;
    try {
      response = await fetch(`${path}${query.size ? `?${query}` : ""}`, {
        method: "PATCH",
        headers: { "content-type": "application/yaml", accept: "application/json" },
        body: text,
      });
    } catch {
      return setOutcome({ state: "error", message: "the console is unreachable" });
    }
    /** @type {unknown} */
    const body = await response.json().catch(() => null);
    const message = isObj(body) && typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
    if (response.status === 401) return location.assign(signInUrl());
    if (response.status === 409) return setOutcome({ state: "conflict", message, causes: causesOf(body) });
    if (!response.ok) return setOutcome({ state: "error", message });
    if (mode.dryRun) return setOutcome({ state: "ok", message: "Dry run passed: the cluster accepts this change (nothing was saved)." });
    setOutcome({ state: "ok", message: `${what} done: ${name} was updated.` });
    // Show what the cluster now holds (defaults filled in, our fields owned).
    const fresh = await fetch(`${path}/yaml`, { headers: { accept: "application/yaml, application/json" } });
    if (fresh.ok && view.current) {
      const type = fresh.headers.get("content-type") ?? "";
      const data = type.includes("json") ? await fresh.json() : await fresh.text();
      const textNow = typeof data === "string" ? data : isObj(data) && typeof data.yaml === "string" ? data.yaml : null;
      if (textNow !== null) {
        view.current.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: textNow } });
        setBaseline(textNow);
        setDirty(false);
      }
    }
  }

  const reset = () => {
    view.current?.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: baseline } });
    setDirty(false);
    setOutcome({ state: "idle" });
  };
  const busy = outcome.state === "busy";
  return html`<div class="editor-bar">
      <button type="button" onClick=${() => apply({ dryRun: true })} disabled=${busy}>Dry run</button>
      <button type="button" class="primary" onClick=${() => apply({})} disabled=${busy}>Apply</button>
      <button type="button" onClick=${reset} disabled=${busy || !dirty}>Reset</button>
      <a class="button" href=${backHref}>Back</a>
      <span class="muted">${dirty ? "modified" : "unchanged"}</span>
    </div>
    <div role="status" aria-live="polite" class="editor-status" data-testid="editor-status">
      ${outcome.state === "busy" && html`<p class="muted">${outcome.what}…</p>`}
      ${outcome.state === "ok" && html`<p class="status-healthy">${outcome.message}</p>`}
      ${outcome.state === "error" && html`<div class="error-box">${outcome.message}</div>`}
      ${outcome.state === "conflict" &&
      html`<div class="conflict" data-testid="conflict">
        <strong>Conflict:</strong> other field managers own fields this change sets. ${outcome.message}
        <ul>${outcome.causes.map((c) => html`<li><code>${c.field}</code> ${c.message}</li>`)}</ul>
        <button type="button" class="danger" onClick=${() => apply({ force: true })}>Force apply (take ownership of these fields)</button>
      </div>`}
    </div>
    <div class="editor" ref=${host}></div>`;
}
