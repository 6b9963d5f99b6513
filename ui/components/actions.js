// @ts-check
/**
 * The action bar of the detail pane. Every button is checked with can-i first (fail closed) and, when not
 * allowed, stays disabled with the reason written next to it. Delete asks for the object's name to be typed.
 */
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { api, enc } from "../lib/api.js";

/** @typedef {{ id: string, label: string, verb: string, resource: string, group: string, subresource?: string, danger?: boolean, body?: () => Record<string, unknown> }} ActionDef */
/** @typedef {{ allowed: boolean, reason?: string }} Permission */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What can be done to this object, by kind.
 * @param {string} plural @param {string} group @param {Record<string, unknown>} obj
 * @returns {ActionDef[]}
 */
export function actionsFor(plural, group, obj) {
  const spec = isObj(obj.spec) ? obj.spec : {};
  /** @type {ActionDef[]} */
  const out = [];
  const patch = (/** @type {string} */ id, /** @type {string} */ label) => out.push({ id, label, verb: "patch", resource: plural, group });
  if (plural === "pods" && group === "") out.push({ id: "exec", label: "Shell", verb: "create", resource: "pods", subresource: "exec", group: "" });
  if (["deployments", "statefulsets", "replicasets"].includes(plural)) out.push({ id: "scale", label: "Scale", verb: "patch", resource: plural, group });
  if (["deployments", "statefulsets", "daemonsets"].includes(plural)) patch("restart", "Restart");
  if (plural === "nodes") spec.unschedulable === true ? patch("uncordon", "Uncordon") : patch("cordon", "Cordon");
  if (plural === "cronjobs" || plural === "jobs") spec.suspend === true ? patch("resume", "Resume") : patch("suspend", "Suspend");
  if (plural === "cronjobs") out.push({ id: "trigger", label: "Run now", verb: "create", resource: "jobs", group: "batch" });
  out.push({ id: "delete", label: "Delete", verb: "delete", resource: plural, group, danger: true });
  return out;
}

/**
 * @param {{ cluster: string, kind: string, ns: string, name: string, object: Record<string, unknown> | undefined,
 *   secretKeys?: Array<{ key: string, bytes: number }>, onChanged: (what: "deleted" | "updated") => void }} props
 */
export function ActionBar({ cluster, kind, ns, name, object, secretKeys = [], onChanged }) {
  const plural = kind.split("/").pop() ?? kind;
  const apiVersion = object && typeof object.apiVersion === "string" ? object.apiVersion : "v1";
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] ?? "" : "";
  const actions = object ? actionsFor(plural, group, object) : [];
  const isSecret = plural === "secrets" && group === "";
  const [perms, setPerms] = useState(/** @type {Record<string, Permission> | null} */ (null));
  const [confirming, setConfirming] = useState(/** @type {string | null} */ (null));
  const [typed, setTyped] = useState("");
  const [replicas, setReplicas] = useState(0);
  const [message, setMessage] = useState(/** @type {{ ok: boolean, text: string } | null} */ (null));
  const [revealed, setRevealed] = useState(/** @type {Record<string, string>} */ ({}));
  const base = `/api/clusters/${enc(cluster)}/resources/${kind}/${enc(ns || "_")}/${enc(name)}`;
  const key = actions.map((a) => a.id).join(",");

  useEffect(() => {
    if (!object) return;
    const spec = isObj(object.spec) ? object.spec : {};
    setReplicas(typeof spec.replicas === "number" ? spec.replicas : 1);
    const checks = actions.map((a) => ({ verb: a.verb, group: a.group, resource: a.resource, subresource: a.subresource ?? "", namespace: ns, name: a.id === "trigger" ? "" : name }));
    if (isSecret) checks.push({ verb: "get", group: "", resource: "secrets", subresource: "", namespace: ns, name });
    let live = true;
    api(`/api/clusters/${enc(cluster)}/can-i`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ checks }) }).then((r) => {
      if (!live) return;
      /** @type {Record<string, Permission>} */
      const out = {};
      const results = r.ok && isObj(r.data) && Array.isArray(r.data.results) ? r.data.results : [];
      const ids = [...actions.map((a) => a.id), ...(isSecret ? ["reveal"] : [])];
      ids.forEach((id, i) => {
        const res = results[i];
        const allowed = isObj(res) && res.allowed === true;
        const reason = isObj(res) && typeof res.reason === "string" && res.reason ? res.reason : undefined;
        out[id] = { allowed, reason: allowed ? undefined : reason ?? (r.ok ? undefined : `permission check failed: ${r.message}`) };
      });
      setPerms(out);
    });
    return () => {
      live = false;
    };
  }, [base, key, object]);

  /** @param {ActionDef} a */
  async function run(a) {
    setMessage(null);
    const result =
      a.id === "delete"
        ? await api(base, { method: "DELETE" })
        : await api(`${base}/actions/${a.id}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(a.id === "scale" ? { replicas } : {}),
          });
    setConfirming(null);
    setTyped("");
    if (!result.ok) return setMessage({ ok: false, text: `${a.label} failed: ${result.message}` });
    setMessage({ ok: true, text: a.id === "delete" ? `${name} deleted.` : `${a.label}: done.` });
    onChanged(a.id === "delete" ? "deleted" : "updated");
  }

  /** @param {string} k */
  async function reveal(k) {
    const r = await api(`/api/clusters/${enc(cluster)}/secrets/${enc(ns)}/${enc(name)}/data/${enc(k)}`, { cache: "no-store" });
    if (!r.ok) return setMessage({ ok: false, text: `Reveal failed: ${r.message}` });
    const value = isObj(r.data) && typeof r.data.value === "string" ? r.data.value : "";
    const encoding = isObj(r.data) && r.data.encoding === "base64" ? " (base64)" : "";
    setRevealed({ ...revealed, [k]: `${value}${encoding}` });
  }

  /** @param {string} id */
  const denied = (id) => {
    const p = perms?.[id];
    if (!perms) return "checking your permissions…";
    if (p?.allowed) return "";
    const a = actions.find((x) => x.id === id);
    const what = a ? `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ""}` : `get ${plural}`;
    return p?.reason ?? `Kubernetes RBAC does not let you ${what}${ns ? ` in ${ns}` : ""}`;
  };

  if (!object) return null;
  return html`<div class="actions" data-testid="actions">
    ${actions.map((a) => {
      const why = denied(a.id);
      const describedBy = why ? `why-${a.id}` : undefined;
      return html`<span class="action">
        ${a.id === "scale" && !why && html`<input type="number" min="0" max="10000" value=${replicas} aria-label="Replicas"
          onInput=${(/** @type {Event} */ e) => setReplicas(Number(/** @type {HTMLInputElement} */ (e.currentTarget).value))} />`}
        ${a.id === "exec" && !why
          ? html`<a class="button" data-action="exec" href=${`/clusters/${enc(cluster)}/pods/${enc(ns)}/${enc(name)}/exec`}>${a.label}</a>`
          : html`<button type="button" class=${a.danger ? "danger" : ""} disabled=${Boolean(why)} aria-describedby=${describedBy} data-action=${a.id}
          onClick=${() => (a.id === "delete" ? setConfirming("delete") : run(a))}>${a.label}</button>`}
        ${why && html`<span class="why" id=${describedBy} data-testid=${`why-${a.id}`}>${why}</span>`}
      </span>`;
    })}
    ${confirming === "delete" &&
    html`<div class="confirm" role="alertdialog" aria-label=${`Delete ${name}`}>
      <p>Delete <strong>${name}</strong>${ns ? ` in ${ns}` : ""}? Type its name to confirm.</p>
      <input type="text" value=${typed} aria-label="Name to confirm" autofocus
        onInput=${(/** @type {Event} */ e) => setTyped(/** @type {HTMLInputElement} */ (e.currentTarget).value)} />
      <button type="button" class="danger" disabled=${typed !== name}
        onClick=${() => run(/** @type {ActionDef} */ (actions.find((a) => a.id === "delete")))}>Delete permanently</button>
      <button type="button" onClick=${() => { setConfirming(null); setTyped(""); }}>Cancel</button>
    </div>`}
    ${isSecret && secretKeys.length > 0 &&
    html`<dl class="describe secret-keys">${secretKeys.map((s) => html`<dt>${s.key} <span class="muted">(${s.bytes} B)</span></dt><dd>
      ${revealed[s.key] !== undefined
        ? html`<code class="revealed">${revealed[s.key]}</code>`
        : html`<button type="button" disabled=${Boolean(denied("reveal"))} onClick=${() => reveal(s.key)}>Reveal</button>
            ${denied("reveal") && html`<span class="why">${denied("reveal")}</span>`}`}
    </dd>`)}</dl>`}
    ${message && html`<p role="status" class=${message.ok ? "status-healthy" : "status-unreachable"}>${message.text}</p>`}
  </div>`;
}
