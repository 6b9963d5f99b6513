/** A cluster's overview: its fleet card facts and recent warning events. */
import { html } from "htm/preact";
import { clusterShell, errorBox, shell } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { clusterChrome } from "./resource-list.ts";
import { importUi } from "./islands.ts";
import { narrowFleet } from "./shapes.ts";

interface TableModule {
  toModel(data: unknown): { columns: Array<{ name: string }>; rows: Array<{ ns: string; name: string; cells: unknown[] }> } | undefined;
}

const enc = encodeURIComponent;

export async function clusterOverviewPage(env: PageEnv, cluster: string): Promise<PageView> {
  const table = await importUi<TableModule>("lib/table.js");
  const [chrome, fleet, events] = await Promise.all([
    clusterChrome(env, cluster),
    env.api("/api/fleet"),
    env.api(`/api/clusters/${enc(cluster)}/resources/events`),
  ]);
  if (chrome.clusters.length > 0 && !chrome.clusters.some((c) => c.name === cluster)) {
    const content = html`<h1>Unknown cluster</h1><p>No cluster named "${cluster}" is registered.</p>`;
    return { title: "Not found", status: 404, body: await shell(env, { crumbs: [{ label: "Fleet", href: "/" }, { label: cluster }], clusters: chrome.clusters, content }) };
  }
  const card = fleet.ok ? narrowFleet(fleet.data).find((c) => c.name === cluster) : undefined;
  const model = events.ok ? table.toModel(events.data) : undefined;
  const typeCol = model?.columns.findIndex((c) => c.name.toLowerCase() === "type") ?? -1;
  const warnings = model ? model.rows.filter((r) => typeCol < 0 || r.cells[typeCol] === "Warning").slice(0, 25) : [];
  const content = html`<h1>${cluster}</h1>
    ${!fleet.ok ? errorBox("Cluster summary unavailable", fleet) : null}
    ${card && html`<div class="cards"><div class="card" data-testid="overview-card">
      <h3><span class=${`dot ${card.status}`} aria-hidden="true"></span>${card.status}</h3>
      <div class="facts"><span>Nodes <b>${card.nodes ? `${card.nodes.ready}/${card.nodes.total}` : "–"}</b> ready</span><span>Pods <b>${card.pods?.total ?? "–"}</b></span></div>
      ${card.pods && html`<div class="muted">${card.pods.byPhase.filter(([, n]) => n > 0).map(([p, n]) => `${n} ${p}`).join(" · ")}</div>`}
      ${card.signals.length > 0 && html`<div class="signals">${card.signals.map((s) => html`<span class="signal">${s.reason} ×${s.count}</span>`)}</div>`}
      ${card.error && html`<div class="error-box">${card.error}</div>`}
    </div></div>`}
    <h2>Recent warnings</h2>
    ${!events.ok ? errorBox("Events unavailable", events) : warnings.length === 0 ? html`<p class="muted">No warning events.</p>` : html`<div class="grid"><table>
      <thead><tr><th scope="col">Namespace</th>${model!.columns.map((c) => html`<th scope="col">${c.name}</th>`)}</tr></thead>
      <tbody>${warnings.map((r) => html`<tr><td>${r.ns}</td>${r.cells.map((c) => html`<td>${c === null ? "" : String(c)}</td>`)}</tr>`)}</tbody>
    </table></div>`}`;
  const body = await clusterShell(env, chrome, cluster, [], { activePage: "overview", content });
  return { title: cluster, body };
}
