/**
 * The application shell: top bar (breadcrumbs, palette, theme, avatar), the cluster rail and, inside a
 * cluster, the kind menu. Static HTML except for the three small islands in the top bar.
 */
import { html } from "htm/preact";
import type { VNode } from "preact";
import type { Identity } from "../auth/identity.ts";
import type { PageEnv } from "./page.ts";
import type { ClusterSummary, KindEntry } from "./shapes.ts";

export interface ShellOptions {
  crumbs: Array<{ label: string; href?: string }>;
  clusters: ClusterSummary[];
  cluster?: string;
  kinds?: KindEntry[];
  /** The kind id of the current list page, to mark it in the menu. */
  activeKind?: string;
  activePage?: "overview" | "helm" | "audit" | "fleet";
  mainClass?: string;
  content: VNode | VNode[];
}

const enc = encodeURIComponent;

type Crumb = ShellOptions["crumbs"][number];

/**
 * The shell of a page inside a cluster: crumbs Fleet › cluster (linked when the trail goes further) › trail, with
 * the cluster rail and kind menu from `chrome` (clusterChrome in resource-list.ts).
 */
export function clusterShell(
  env: PageEnv,
  chrome: { clusters: ClusterSummary[]; kinds: KindEntry[] },
  cluster: string,
  trail: Crumb[],
  o: Pick<ShellOptions, "activeKind" | "activePage" | "mainClass" | "content">,
): Promise<VNode> {
  const here: Crumb = trail.length > 0 ? { label: cluster, href: `/clusters/${enc(cluster)}` } : { label: cluster };
  return shell(env, { crumbs: [{ label: "Fleet", href: "/" }, here, ...trail], clusters: chrome.clusters, cluster, kinds: chrome.kinds, ...o });
}

export async function shell(env: PageEnv, o: ShellOptions): Promise<VNode> {
  const [avatar, palette, theme] = await Promise.all([
    env.identity ? env.ssrIsland("avatar", avatarProps(env.identity)) : Promise.resolve(null),
    env.ssrIsland("palette", { clusters: o.clusters.map((c) => c.name), cluster: o.cluster, kinds: (o.kinds ?? []).map((k) => ({ id: k.id, label: k.label })) }),
    env.ssrIsland("theme-toggle", { theme: env.theme }),
  ]);
  return html`<a class="skip" href="#main">Skip to content</a>
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="/"><img src=${env.runtime.assets.url("favicon.svg")} alt="" />Periscope</a>
        <nav class="crumbs" aria-label="Breadcrumb">
          ${o.crumbs.map((c, i) => html`<span aria-hidden="true">/</span>${c.href && i < o.crumbs.length - 1 ? html`<a href=${c.href}>${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`)}
        </nav>
        <span class="spacer"></span>
        ${palette} ${theme} ${avatar}
      </header>
      <nav class="rail" aria-label="Clusters and resources">
        <h2>Clusters</h2>
        <ul>
          <li><a href="/" aria-current=${o.activePage === "fleet" ? "page" : undefined}>Fleet overview</a></li>
          ${o.clusters.map((c) => html`<li><a href=${`/clusters/${enc(c.name)}`} aria-current=${c.name === o.cluster ? "true" : undefined}>
            ${c.name}<span class="muted">${c.environment !== "default" ? ` · ${c.environment}` : ""}</span></a></li>`)}
        </ul>
        ${o.cluster ? clusterMenu(o.cluster, o.kinds ?? [], o.activeKind, o.activePage) : null}
        <h2>Console</h2>
        <ul><li><a href="/audit" aria-current=${o.activePage === "audit" ? "page" : undefined}>Audit log</a></li></ul>
      </nav>
      <main id="main" class=${o.mainClass ?? ""} tabindex="-1">${o.content}</main>
    </div>`;
}

function clusterMenu(cluster: string, kinds: KindEntry[], activeKind: string | undefined, activePage: string | undefined): VNode {
  const sections = new Map<string, KindEntry[]>();
  for (const k of kinds) sections.set(k.category, [...(sections.get(k.category) ?? []), k]);
  const base = `/clusters/${enc(cluster)}`;
  return html`<h2>${cluster}</h2>
    <ul>
      <li><a href=${base} aria-current=${activePage === "overview" ? "page" : undefined}>Overview</a></li>
      <li><a href=${`${base}/helm`} aria-current=${activePage === "helm" ? "page" : undefined}>Helm releases</a></li>
    </ul>
    ${[...sections].map(([section, list]) => html`<h2>${section}</h2><ul>
      ${list.map((k) => html`<li><a href=${`${base}/${k.id}`} aria-current=${k.id === activeKind ? "page" : undefined}>${k.label}</a></li>`)}
    </ul>`)}`;
}

export function avatarProps(identity: Identity): Record<string, unknown> {
  return {
    email: identity.email,
    subject: identity.subject,
    mode: identity.mode,
    tier: identity.tier,
    authzMode: identity.authzMode,
    groups: identity.groups,
  };
}

/** A failed data call, said plainly inside the page. */
export function errorBox(what: string, failure: { status: number; code: string; message: string }): VNode {
  return html`<div class="error-box" role="alert"><strong>${what}</strong>: ${failure.message} <span class="muted">(${failure.code}${failure.status ? `, HTTP ${failure.status}` : ""})</span></div>`;
}
