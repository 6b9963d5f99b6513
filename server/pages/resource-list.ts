/**
 * The list page for any kind in the registry (and custom resources as group/version/plural): the server fetches
 * the first list through the API route, renders the first rows, and the resource-list island takes over.
 */
import { html } from "htm/preact";
import { clusterShell, errorBox, shell } from "./layout.ts";
import type { PageEnv, PageView } from "./page.ts";
import { importUi } from "./islands.ts";
import { isLiveKind, narrowClusters, narrowKinds } from "./shapes.ts";
import type { KindEntry } from "./shapes.ts";

type Model = { columns: unknown[]; rows: Array<{ name: string }>; resourceVersion: string; keep: number[] };
interface TableModule {
  toModel(data: unknown): Model | undefined;
  packModel(model: Model): unknown;
}

const enc = encodeURIComponent;
export const KIND_ID = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?([a-z0-9]+\/)?[a-z0-9][-a-z0-9]*$/;

/** Clusters for the rail and kinds for the menu, shared by every per-cluster page. */
export async function clusterChrome(env: PageEnv, cluster: string) {
  const [clustersResult, kindsResult] = await Promise.all([
    env.api("/api/clusters"),
    env.api(`/api/clusters/${enc(cluster)}/kinds`),
  ]);
  return {
    clusters: clustersResult.ok ? narrowClusters(clustersResult.data) : [],
    clustersError: clustersResult.ok ? undefined : clustersResult,
    kinds: narrowKinds(kindsResult.ok ? kindsResult.data : undefined),
  };
}

export async function resourceListPage(env: PageEnv, cluster: string, kindId: string): Promise<PageView> {
  const table = await importUi<TableModule>("lib/table.js");
  const chrome = await clusterChrome(env, cluster);
  if (!KIND_ID.test(kindId)) {
    const content = html`<h1>Unknown kind</h1><p>"${kindId}" is not a resource kind.</p>`;
    return { title: "Not found", status: 404, body: await shell(env, { crumbs: [{ label: cluster }], clusters: chrome.clusters, cluster, kinds: chrome.kinds, content }) };
  }
  const entry: KindEntry = chrome.kinds.find((k) => k.id === kindId) ?? {
    id: kindId, kind: kindId.split("/").pop()!, label: kindId.split("/").pop()!, group: "", namespaced: true, category: "Custom resources",
  };
  const namespace = env.ctx.url.searchParams.get("namespace") ?? "";
  const selected = env.ctx.url.searchParams.get("sel") ?? "";
  const base = `/api/clusters/${enc(cluster)}/resources`;
  const [list, nsList, features] = await Promise.all([
    env.api(`${base}/${kindId}${namespace ? `?namespace=${enc(namespace)}` : ""}`),
    entry.namespaced ? env.api(`${base}/namespaces`) : Promise.resolve(undefined),
    env.api("/api/features"),
  ]);
  const live = features.ok ? isLiveKind(features.data, kindId) : false;
  const model = list.ok ? table.toModel(list.data) : undefined;
  const namespaces = nsList?.ok ? (table.toModel(nsList.data)?.rows.map((r) => r.name) ?? []) : [];
  const error = !list.ok
    ? { code: list.code, message: list.message, status: list.status }
    : model
      ? null
      : { code: "bad_shape", message: "the list answer is not a Table", status: list.status };
  const island = await env.ssrIsland("resource-list", {
    cluster,
    kind: kindId,
    label: entry.label,
    namespaced: entry.namespaced,
    namespace,
    namespaces,
    model: model ? table.packModel(model) : null,
    error,
    selected,
    filter: (env.ctx.url.searchParams.get("q") ?? "").slice(0, 200),
    now: Date.now(),
    live,
    timing: liveTiming(env.ctx.url.searchParams),
  });
  const content = html`${chrome.clustersError ? errorBox("Clusters unavailable", chrome.clustersError) : null}${island}`;
  const body = await clusterShell(env, chrome, cluster, [{ label: entry.label }], { activeKind: kindId, mainClass: "page-list", content });
  return { title: `${entry.label} · ${cluster}`, body, status: !list.ok && list.status === 404 ? 404 : 200 };
}

/**
 * Test knob: `?live_poll_ms=&live_stale_ms=&live_retry_ms=&live_stream_retry_ms=` shorten the live list's
 * intervals (browser tests prove polling, staleness and the return to streaming without long sleeps). Client-side
 * timers only; below 100 ms is ignored.
 */
export function liveTiming(query: URLSearchParams): { pollMs?: number; staleMs?: number; retryMs?: number; streamRetryMs?: number } | undefined {
  const read = (name: string): number | undefined => {
    const value = Number(query.get(name) ?? "");
    return Number.isInteger(value) && value >= 100 && value <= 3_600_000 ? value : undefined;
  };
  const timing = { pollMs: read("live_poll_ms"), staleMs: read("live_stale_ms"), retryMs: read("live_retry_ms"), streamRetryMs: read("live_stream_retry_ms") };
  return Object.values(timing).some((v) => v !== undefined) ? timing : undefined;
}
