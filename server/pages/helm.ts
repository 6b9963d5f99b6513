/**
 * Helm pages (read-only), server-rendered from the Helm API: the release list, and one release with tabs for
 * values, manifest, notes, resources, history and a structured diff between two revisions.
 */
import { html } from "htm/preact";
import type { VNode } from "preact";
import { stringify } from "yaml";
import { clusterShell, errorBox } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { clusterChrome } from "./resource-list.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const enc = encodeURIComponent;
const TABS = ["values", "manifest", "notes", "resources", "history", "diff"] as const;
type Tab = (typeof TABS)[number];

const statusClass = (s: string) => (s === "deployed" ? "status-healthy" : s === "failed" ? "status-unreachable" : s.startsWith("pending") ? "status-degraded" : "muted");

export async function helmListPage(env: PageEnv, cluster: string): Promise<PageView> {
  const [chrome, list] = await Promise.all([clusterChrome(env, cluster), env.api(`/api/clusters/${enc(cluster)}/helm/releases`)]);
  const releases = list.ok && isObj(list.data) && Array.isArray(list.data.releases) ? list.data.releases.filter(isObj) : [];
  const driver = list.ok && isObj(list.data) ? str(list.data.driver) : "";
  const content = html`<div class="list-head"><h1>Helm releases</h1><span class="count">${releases.length}</span>
      ${driver ? html`<span class="muted">storage: ${driver}</span>` : null}</div>
    ${!list.ok ? errorBox("Helm releases unavailable", list) : releases.length === 0 ? html`<p class="empty">No Helm releases found.</p>` : html`<div class="grid"><table>
      <thead><tr><th scope="col" class="col-name">Name</th><th scope="col">Namespace</th><th scope="col">Revision</th><th scope="col">Status</th><th scope="col">Chart</th><th scope="col">App version</th><th scope="col">Updated</th></tr></thead>
      <tbody>${releases.map((r) => html`<tr data-release=${`${str(r.namespace)}/${str(r.name)}`}>
        <td><a href=${`/clusters/${enc(cluster)}/helm/${enc(str(r.namespace))}/${enc(str(r.name))}`}>${str(r.name)}</a></td>
        <td>${str(r.namespace)}</td><td>${str(r.revision)}</td><td class=${statusClass(str(r.status))}>${str(r.status)}</td>
        <td>${str(r.chart)}-${str(r.chartVersion)}</td><td>${str(r.appVersion)}</td><td>${str(r.updated).replace("T", " ").slice(0, 16)}</td>
      </tr>`)}</tbody></table></div>`}`;
  const body = await clusterShell(env, chrome, cluster, [{ label: "Helm releases" }], { activePage: "helm", content });
  return { title: `Helm · ${cluster}`, body };
}

export async function helmReleasePage(env: PageEnv, cluster: string, namespace: string, name: string): Promise<PageView> {
  const q = env.ctx.url.searchParams;
  const tab = (TABS as readonly string[]).includes(q.get("tab") ?? "") ? (q.get("tab") as Tab) : "values";
  const revision = q.get("revision");
  const base = `/api/clusters/${enc(cluster)}/helm/releases/${enc(namespace)}/${enc(name)}`;
  const diffQuery = new URLSearchParams();
  for (const k of ["from", "to"]) if (q.get(k)) diffQuery.set(k, q.get(k)!);
  const [chrome, detail, history, diff] = await Promise.all([
    clusterChrome(env, cluster),
    env.api(`${base}${revision ? `?revision=${enc(revision)}` : ""}`),
    tab === "history" || tab === "diff" ? env.api(`${base}/history`) : Promise.resolve(undefined),
    tab === "diff" ? env.api(`${base}/diff?${diffQuery}`) : Promise.resolve(undefined),
  ]);
  const r = detail.ok && isObj(detail.data) ? detail.data : {};
  const page = `/clusters/${enc(cluster)}/helm/${enc(namespace)}/${enc(name)}`;
  const tabHref = (t: Tab) => `${page}?${new URLSearchParams({ ...(revision ? { revision } : {}), tab: t })}`;
  let panel: VNode;
  if (!detail.ok) panel = errorBox("Release unavailable", detail);
  else if (tab === "values") panel = html`<h2>User-supplied values</h2><pre class="mono code">${yamlOf(r.values)}</pre><h2>Chart defaults</h2><pre class="mono code">${yamlOf(r.chartValues)}</pre>`;
  else if (tab === "manifest") panel = html`<pre class="mono code">${str(r.manifest)}</pre>`;
  else if (tab === "notes") panel = str(r.notes) ? html`<pre class="mono code">${str(r.notes)}</pre>` : html`<p class="muted">This release has no notes.</p>`;
  else if (tab === "resources") panel = resourcesTable(cluster, Array.isArray(r.resources) ? r.resources.filter(isObj) : []);
  else if (tab === "history") panel = historyTable(page, history);
  else panel = diffView(diff);
  const content = html`<div class="list-head"><h1>${name}</h1>
      <span class=${statusClass(str(r.status))}>${str(r.status)}</span>
      <span class="muted">${namespace} · revision ${str(r.revision)} · ${str(r.chart)}-${str(r.chartVersion)} (app ${str(r.appVersion)})</span></div>
    ${str(r.description) ? html`<p class="muted">${str(r.description)}</p>` : null}
    <nav class="tabs page-tabs" aria-label="Release views">${TABS.map((t) => html`<a href=${tabHref(t)} aria-current=${t === tab ? "page" : undefined}>${t[0]!.toUpperCase() + t.slice(1)}</a>`)}</nav>
    <section class="tab-page" data-testid=${`helm-${tab}`}>${panel}</section>`;
  const body = await clusterShell(env, chrome, cluster, [{ label: "Helm", href: `/clusters/${enc(cluster)}/helm` }, { label: name }], { activePage: "helm", content });
  return { title: `${name} · Helm`, body, status: detail.ok || detail.status !== 404 ? 200 : 404 };
}

function yamlOf(value: unknown): string {
  if (value === undefined || value === null || (isObj(value) && Object.keys(value).length === 0)) return "# none";
  return stringify(value);
}

function resourcesTable(cluster: string, resources: Obj[]): VNode {
  if (resources.length === 0) return html`<p class="muted">The manifest has no resources.</p>`;
  return html`<div class="grid"><table><thead><tr><th scope="col">Kind</th><th scope="col">Namespace</th><th scope="col">Name</th></tr></thead>
    <tbody>${resources.map((x) => html`<tr><td>${str(x.kind)}</td><td>${str(x.namespace)}</td><td>${linkTo(cluster, x)}</td></tr>`)}</tbody></table></div>`;
}

function linkTo(cluster: string, x: Obj): VNode | string {
  const plural = str(x.plural) || str(x.resource) || str(x.kindId);
  if (!plural) return str(x.name);
  return html`<a href=${`/clusters/${enc(cluster)}/${plural}?sel=${enc(`${str(x.namespace)}/${str(x.name)}`)}`}>${str(x.name)}</a>`;
}

function historyTable(page: string, history: { ok: boolean; data?: unknown; status: number; code?: string; message?: string } | undefined): VNode {
  if (!history) return html``;
  if (!history.ok) return errorBox("History unavailable", history as { status: number; code: string; message: string });
  const rows = isObj(history.data) && Array.isArray(history.data.history) ? history.data.history.filter(isObj) : [];
  return html`<div class="grid"><table><thead><tr><th scope="col">Revision</th><th scope="col">Status</th><th scope="col">Chart</th><th scope="col">App</th><th scope="col">Updated</th><th scope="col">Description</th><th scope="col">Compare</th></tr></thead>
    <tbody>${rows.map((h, i) => {
      const rev = str(h.revision);
      const prev = rows[i + 1] ? str(rows[i + 1]!.revision) : "";
      return html`<tr><td><a href=${`${page}?revision=${rev}&tab=values`}>${rev}</a></td><td class=${statusClass(str(h.status))}>${str(h.status)}</td>
        <td>${str(h.chart)}-${str(h.chartVersion)}</td><td>${str(h.appVersion)}</td><td>${str(h.updated).replace("T", " ").slice(0, 16)}</td><td>${str(h.description)}</td>
        <td>${prev ? html`<a href=${`${page}?tab=diff&from=${prev}&to=${rev}`}>diff ${prev} → ${rev}</a>` : ""}</td></tr>`;
    })}</tbody></table></div>`;
}

function change(c: Obj): VNode {
  const op = str(c.op);
  const show = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
  return html`<li class=${`diff-${op}`}><code>${str(c.path)}</code> <span class="muted">${op}</span>
    ${op !== "added" && c.from !== undefined ? html` <del>${show(c.from)}</del>` : null}${op !== "removed" && c.to !== undefined ? html` <ins>${show(c.to)}</ins>` : null}</li>`;
}

function diffView(diff: { ok: boolean; data?: unknown; status: number; code?: string; message?: string } | undefined): VNode {
  if (!diff) return html``;
  if (!diff.ok) return errorBox("Diff unavailable", diff as { status: number; code: string; message: string });
  const d = isObj(diff.data) ? diff.data : {};
  const list = (k: string) => (Array.isArray(d[k]) ? (d[k] as unknown[]).filter(isObj) : []);
  const from = isObj(d.from) ? d.from : {};
  const to = isObj(d.to) ? d.to : {};
  const resources = list("resources");
  return html`<p>Revision <strong>${str(from.revision)}</strong> → <strong>${str(to.revision)}</strong></p>
    <h2>Chart</h2>${list("chart").length ? html`<ul class="diff">${list("chart").map(change)}</ul>` : html`<p class="muted">unchanged</p>`}
    <h2>Values</h2>${list("values").length ? html`<ul class="diff">${list("values").map(change)}</ul>` : html`<p class="muted">unchanged</p>`}
    <h2>Resources</h2>${resources.length === 0 ? html`<p class="muted">unchanged</p>` : resources.map((r) => html`<details class="diff-object" open=${resources.length <= 4}>
      <summary><span class=${`diff-${str(r.op)}`}>${str(r.op)}</span> ${str(r.kind)} ${str(r.namespace) ? `${str(r.namespace)}/` : ""}${str(r.name)}</summary>
      <ul class="diff">${(Array.isArray(r.changes) ? r.changes.filter(isObj) : []).map(change)}</ul></details>`)}`;
}
