/**
 * The audit page: a scope banner (your events, or everyone's), filters as a plain GET form, a timeline strip
 * (SVG, counts per bucket by outcome), newest-first rows that open to the full event, and cursor paging.
 * All server-rendered from /api/audit and /api/audit/timeline; it needs no JavaScript.
 */
import { html } from "htm/preact";
import type { VNode } from "preact";
import { AUDIT_OUTCOMES, AUDIT_VERBS } from "../audit/event.ts";
import { errorBox, shell } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { narrowClusters } from "./shapes.ts";

const FILTERS = ["actor", "verb", "outcome", "cluster", "namespace", "name", "requestId", "from", "to"] as const;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : "");

export async function auditPage(env: PageEnv): Promise<PageView> {
  const params = env.ctx.url.searchParams;
  const query = new URLSearchParams();
  for (const key of FILTERS) {
    const value = params.get(key)?.trim();
    if (value) query.set(key, value);
  }
  const cursor = params.get("cursor");
  const listQuery = new URLSearchParams(query);
  if (cursor) listQuery.set("cursor", cursor);
  const [list, timeline, clusters] = await Promise.all([
    env.api(`/api/audit?${listQuery}`),
    env.api(`/api/audit/timeline?${query}&buckets=48`),
    env.api("/api/clusters"),
  ]);
  const scope = list.ok && isObj(list.data) ? str(list.data.scope) : "";
  const items = list.ok && isObj(list.data) && Array.isArray(list.data.items) ? list.data.items.filter(isObj) : [];
  const next = list.ok && isObj(list.data) ? str(list.data.nextCursor) : "";
  const content = html`<h1>Audit log</h1>
    ${scope &&
    html`<p class=${`scope-banner scope-${scope}`} data-testid="audit-scope">
      ${scope === "all" ? "You are an audit admin: showing every actor's events." : "Showing only your own events (audit admins see everyone's)."}
    </p>`}
    ${filterForm(params)}
    ${timeline.ok ? timelineStrip(timeline.data) : null}
    ${!list.ok
      ? list.code === "audit_disabled"
        ? html`<div class="notice" role="status">${list.message}</div>`
        : errorBox("Audit events unavailable", list)
      : items.length === 0
        ? html`<p class="empty">No events match.</p>`
        : html`<div class="audit-rows" role="list" data-testid="audit-rows">${items.map(row)}</div>`}
    <nav class="pager" aria-label="Pages">
      ${cursor ? html`<a class="button" href=${`/audit?${query}`}>Newest</a>` : null}
      ${next ? html`<a class="button" href=${`/audit?${new URLSearchParams({ ...Object.fromEntries(query), cursor: next })}`}>Older</a>` : null}
    </nav>`;
  const body = await shell(env, {
    crumbs: [{ label: "Fleet", href: "/" }, { label: "Audit log" }],
    clusters: clusters.ok ? narrowClusters(clusters.data) : [],
    activePage: "audit",
    content,
  });
  return { title: "Audit log", body };
}

function filterForm(params: URLSearchParams): VNode {
  const v = (k: string) => params.get(k) ?? "";
  const text = (key: string, label: string, placeholder = "") =>
    html`<label>${label}<input type="text" name=${key} value=${v(key)} placeholder=${placeholder} /></label>`;
  return html`<form method="get" action="/audit" class="audit-filters" role="search" aria-label="Filter audit events">
    ${text("actor", "Actor", "email or subject")}
    <label>Verb<select name="verb" value=${v("verb")}><option value="">any</option>${AUDIT_VERBS.map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
    <label>Outcome<select name="outcome" value=${v("outcome")}><option value="">any</option>${AUDIT_OUTCOMES.map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
    ${text("cluster", "Cluster")} ${text("namespace", "Namespace")} ${text("name", "Name")} ${text("requestId", "Request id")}
    <label>From<input type="datetime-local" name="from" value=${v("from")} /></label>
    <label>To<input type="datetime-local" name="to" value=${v("to")} /></label>
    <button type="submit" class="primary">Filter</button> <a class="button" href="/audit">Clear</a>
  </form>`;
}

const OUTCOME_ORDER = ["success", "failure", "denied", "attempted"] as const;

function timelineStrip(data: unknown): VNode | null {
  if (!isObj(data) || !Array.isArray(data.buckets) || data.buckets.length === 0) return null;
  const buckets = data.buckets.filter(isObj);
  const count = (b: Obj, k: string) => (typeof b[k] === "number" ? (b[k] as number) : 0);
  const max = Math.max(1, ...buckets.map((b) => OUTCOME_ORDER.reduce((n, k) => n + count(b, k), 0)));
  const totals = isObj(data.totals) ? data.totals : {};
  const label = OUTCOME_ORDER.map((k) => `${count(totals, k)} ${k}`).join(", ");
  const w = 10;
  const h = 48;
  return html`<figure class="timeline" data-testid="audit-timeline">
    <svg viewBox=${`0 0 ${buckets.length * w} ${h}`} preserveAspectRatio="none" role="img" aria-label=${`Events over time: ${label}`}>
      ${buckets.map((b, i) => {
        let y = h;
        return html`<g><title>${str(b.start)}: ${OUTCOME_ORDER.map((k) => `${count(b, k)} ${k}`).join(", ")}</title>
          ${OUTCOME_ORDER.map((k) => {
            const height = (count(b, k) / max) * (h - 2);
            y -= height;
            return height > 0 ? html`<rect class=${`t-${k}`} x=${i * w + 1} y=${y} width=${w - 2} height=${height} />` : null;
          })}</g>`;
      })}
    </svg>
    <figcaption class="muted">${str(data.from)} → ${str(data.to)} · ${label}</figcaption>
  </figure>`;
}

function row(e: Obj): VNode {
  const actor = isObj(e.actor) ? e.actor : {};
  const res = isObj(e.resource) ? e.resource : {};
  const target = [str(res.resource), str(res.namespace), str(res.name)].filter(Boolean).join("/");
  const outcome = str(e.outcome);
  return html`<details class="audit-row" role="listitem" data-verb=${str(e.verb)}>
    <summary>
      <time datetime=${str(e.time)}>${str(e.time).replace("T", " ").replace(/\.\d+Z$|Z$/, "")}</time>
      <span class="actor">${str(actor.email) || str(actor.sub)}</span>
      <span class="verb">${str(e.verb)}</span>
      <span class=${`outcome o-${outcome}`}>${outcome}</span>
      <span class="target">${[str(e.cluster), target].filter(Boolean).join(" · ")}</span>
      <span class="muted reason">${str(e.reason)}</span>
    </summary>
    <div class="audit-detail">
      <a href=${`/audit?requestId=${encodeURIComponent(str(e.requestId))}`}>Everything in request ${str(e.requestId)}</a>
      <pre class="mono">${JSON.stringify(e, null, 2)}</pre>
    </div>
  </details>`;
}
