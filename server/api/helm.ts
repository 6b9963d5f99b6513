/**
 * Read-only Helm release browser (SPEC §5), as the user:
 *   GET /api/clusters/{c}/helm/releases?namespace=                 latest revision of each release
 *   GET /api/clusters/{c}/helm/releases/{ns}/{name}?revision=       values, manifest, notes, resources
 *   GET /api/clusters/{c}/helm/releases/{ns}/{name}/history         every stored revision
 *   GET /api/clusters/{c}/helm/releases/{ns}/{name}/diff?from=&to=  structured diff (values and per-object manifest changes)
 */
import type { RouteHandler } from "../http/context.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { decodeRelease, listReleaseRecords, manifestResources, splitManifest } from "./helm-release.ts";
import type { Release, ReleaseRecord } from "./helm-release.ts";
import { diffValues } from "./structured-diff.ts";
import type { DiffEntry } from "./structured-diff.ts";
import { optionalInt } from "./resources.ts";

const summary = (r: Release) => ({
  name: r.name,
  namespace: r.namespace,
  revision: r.revision,
  status: r.status,
  chart: r.chart,
  chartVersion: r.chartVersion,
  appVersion: r.appVersion,
  updated: r.updated,
  description: r.description,
});

export function helmReleases(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { client } = clusterCall(ctx, deps);
    const { driver, records } = await listReleaseRecords(client, { namespace: ctx.url.searchParams.get("namespace") || undefined });
    const latest = new Map<string, ReleaseRecord>();
    for (const r of records) {
      const key = `${r.namespace}/${r.name}`;
      if ((latest.get(key)?.revision ?? -1) < r.revision) latest.set(key, r);
    }
    const releases = await Promise.all([...latest.values()].map(async (r) => summary(await decodeRelease(r))));
    releases.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    return json({ cluster: client.cluster, driver, releases });
  };
}

async function revisions(deps: ClusterApiDeps, ctx: Parameters<RouteHandler>[0]) {
  const { client } = clusterCall(ctx, deps);
  const namespace = ctx.params.namespace ?? "";
  const name = ctx.params.name ?? "";
  const { driver, records } = await listReleaseRecords(client, { namespace, name });
  const mine = records.filter((r) => r.name === name && r.namespace === namespace).sort((a, b) => a.revision - b.revision);
  if (mine.length === 0) throw notFound(`no Helm release ${namespace}/${name} on cluster ${client.cluster} (or you may not read its storage)`);
  return { cluster: client.cluster, driver, records: mine, namespace, name };
}

function pick(records: ReleaseRecord[], revision: number | undefined, label: string): ReleaseRecord {
  const r = revision === undefined ? records[records.length - 1] : records.find((x) => x.revision === revision);
  if (!r) throw notFound(`${label}: no revision ${revision} (have ${records.map((x) => x.revision).join(", ")})`);
  return r;
}

export function helmRelease(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { cluster, driver, records, namespace } = await revisions(deps, ctx);
    const release = await decodeRelease(pick(records, optionalInt(ctx.url, "revision", 1, 1_000_000), "revision"));
    return json({ cluster, driver, ...release, resources: manifestResources(release.manifest, namespace) });
  };
}

export function helmHistory(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { cluster, driver, records } = await revisions(deps, ctx);
    const history = await Promise.all(records.map(async (r) => summary(await decodeRelease(r))));
    return json({ cluster, driver, history: history.reverse() });
  };
}

interface ObjectDiff {
  apiVersion: string;
  kind: string;
  namespace: string | undefined;
  name: string;
  op: "added" | "removed" | "changed";
  changes: DiffEntry[];
}

export function manifestDiff(from: string, to: string, namespace: string): ObjectDiff[] {
  const index = (manifest: string) => {
    const map = new Map<string, Record<string, unknown>>();
    const docs = splitManifest(manifest);
    const ids = manifestResources(manifest, namespace);
    docs.forEach((doc, i) => {
      const id = ids[i]!;
      map.set(`${id.kind}|${id.namespace ?? ""}|${id.name}`, doc);
    });
    return { map, ids };
  };
  const a = index(from);
  const b = index(to);
  const out: ObjectDiff[] = [];
  const keys = [...new Set([...a.map.keys(), ...b.map.keys()])].sort();
  for (const key of keys) {
    const [kind = "", ns, name = ""] = key.split("|");
    const before = a.map.get(key);
    const after = b.map.get(key);
    const apiVersion = String((after ?? before)?.apiVersion ?? "");
    const base = { apiVersion, kind, namespace: ns || undefined, name };
    if (!before) out.push({ ...base, op: "added", changes: [] });
    else if (!after) out.push({ ...base, op: "removed", changes: [] });
    else {
      const changes = diffValues(before, after);
      if (changes.length > 0) out.push({ ...base, op: "changed", changes });
    }
  }
  return out;
}

export function helmDiff(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { cluster, records, namespace, name } = await revisions(deps, ctx);
    const toRev = optionalInt(ctx.url, "to", 1, 1_000_000);
    const to = pick(records, toRev, "to");
    const fromRev = optionalInt(ctx.url, "from", 1, 1_000_000) ?? records.filter((r) => r.revision < to.revision).pop()?.revision;
    if (fromRev === undefined) throw badRequest(`release ${namespace}/${name} has no revision before ${to.revision}; pass from=`);
    const from = pick(records, fromRev, "from");
    const [a, b] = await Promise.all([decodeRelease(from), decodeRelease(to)]);
    return json({
      cluster,
      name,
      namespace,
      from: summary(a),
      to: summary(b),
      values: diffValues(a.values, b.values),
      chart: diffValues({ chart: a.chart, version: a.chartVersion, appVersion: a.appVersion }, { chart: b.chart, version: b.chartVersion, appVersion: b.appVersion }),
      resources: manifestDiff(a.manifest, b.manifest, namespace),
    });
  };
}
