/** Fleet home: one card per cluster, grouped by environment, with status, nodes, pods and hot signals. */
import { html } from "htm/preact";
import type { VNode } from "preact";
import { errorBox, shell } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { narrowClusters, narrowFleet } from "./shapes.ts";
import type { FleetCard } from "./shapes.ts";

const enc = encodeURIComponent;

export async function fleetPage(env: PageEnv): Promise<PageView> {
  const [clustersResult, fleetResult] = await Promise.all([env.api("/api/clusters"), env.api("/api/fleet")]);
  const clusters = clustersResult.ok ? narrowClusters(clustersResult.data) : [];
  let content: VNode;
  if (!fleetResult.ok) {
    content = html`<h1>Fleet</h1>${errorBox("Fleet summary unavailable", fleetResult)}`;
  } else {
    const cards = narrowFleet(fleetResult.data);
    const byEnv = new Map<string, FleetCard[]>();
    for (const card of cards) byEnv.set(card.environment, [...(byEnv.get(card.environment) ?? []), card]);
    const generatedAt = typeof (fleetResult.data as { generatedAt?: unknown })?.generatedAt === "string" ? (fleetResult.data as { generatedAt: string }).generatedAt : new Date().toISOString();
    const refresh = await env.ssrIsland("fleet-refresh", { generatedAt });
    content = html`<div class="list-head"><h1>Fleet</h1>${refresh}</div>
      <div data-fleet>
      ${cards.length === 0 ? html`<p class="empty">No clusters are registered.</p>` : null}
      ${[...byEnv].map(([environment, list]) => html`<section class="env" aria-labelledby=${`env-${environment}`}>
        <h2 id=${`env-${environment}`}>${environment} <span class="muted">(${list.length})</span></h2>
        <ul class="cards" role="list">${list.map(card)}</ul>
      </section>`)}
      </div>`;
  }
  const body = await shell(env, { crumbs: [{ label: "Fleet" }], clusters, activePage: "fleet", content });
  return { title: "Fleet", body };
}

function card(c: FleetCard): VNode {
  const phases = c.pods?.byPhase.filter(([, n]) => n > 0) ?? [];
  return html`<li class="card" data-testid="cluster-card" data-cluster=${c.name}>
    <h3><span class=${`dot ${c.status}`} aria-hidden="true"></span><a href=${`/clusters/${enc(c.name)}`}>${c.name}</a></h3>
    <div class=${`status-${c.status}`}>${c.status}</div>
    <div class="facts">
      <span>Nodes <b>${c.nodes ? `${c.nodes.ready}/${c.nodes.total}` : "–"}</b> ready</span>
      <span>Pods <b>${c.pods ? c.pods.total : "–"}</b></span>
    </div>
    ${phases.length > 0 ? html`<div class="muted">${phases.map(([p, n]) => `${n} ${p}`).join(" · ")}</div>` : null}
    ${c.signals.length > 0 ? html`<div class="signals" aria-label="Hot signals">${c.signals.map((s) => html`<span class="signal">${s.reason} ×${s.count}</span>`)}</div>` : null}
    ${c.error ? html`<div class=${c.status === "degraded" ? "note" : "error-box"} role="status">${c.error}</div>` : null}
  </li>`;
}
