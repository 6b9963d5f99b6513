/**
 * The demo world: a realistic small EKS-like cluster (or a big one for benchmarks), the same for the same
 * seed and clock. Returns plain objects ready for the simulator's store (`store.seed(objects)`).
 */
import { releaseSecrets } from "../helm-releases.ts";
import type { KubeObject } from "../types.ts";
import { buildBatch } from "./batch.ts";
import { WorldBuilder } from "./builder.ts";
import { NAMESPACES, baseApps, teamApps } from "./catalog.ts";
import { buildAppConfig, buildClusterConfig, buildNamespaces } from "./config.ts";
import { buildCertificates } from "./crd.ts";
import { nodeNotReadyEvent, podEvents } from "./events.ts";
import { demoReleases } from "./helm.ts";
import { buildClusterNetworking, buildService } from "./network.ts";
import { buildNodes } from "./nodes.ts";
import { buildTierRbac } from "./rbac.ts";
import { buildReleasedVolume, buildStorageClasses } from "./storage.ts";
import { buildApp } from "./workloads.ts";

export interface WorldOptions {
  /** Same seed, same world (default "periscope-demo"). */
  seed?: number | string;
  /** About how many pods (default: the hand-written world, ~50 pods). Larger values add team namespaces. */
  pods?: number;
  /** Worker nodes (default: 6, or enough for the pods at ~40 per node). */
  nodes?: number;
  /** The clock ages are measured from (default: now). */
  now?: number;
  /** Skip the Helm release Secrets (they are the only async part). */
  helm?: boolean;
}

const HEALTHY_POD_EVENTS = 20;

export async function generateWorld(options: WorldOptions = {}): Promise<KubeObject[]> {
  const now = options.now ?? Date.now();
  const b = new WorldBuilder(options.seed ?? "periscope-demo", now);
  const apps = baseApps();
  const nodeCount = options.nodes ?? Math.max(6, Math.ceil((options.pods ?? 0) / 40));
  // Pods outside team namespaces: replicas, one per node per DaemonSet, and the batch pods.
  const basePods = apps.reduce((n, a) => n + (a.kind === "DaemonSet" ? nodeCount : a.replicas), 0) + 8;
  const teams = teamApps(basePods, options.pods ?? 0);

  buildNamespaces(b, [...NAMESPACES, ...teams.namespaces]);
  const nodes = buildNodes(b, nodeCount);
  buildStorageClasses(b);
  buildClusterNetworking(b);
  buildClusterConfig(b);
  buildTierRbac(b);
  buildCertificates(b);

  let healthyWithEvents = 0;
  for (const spec of [...apps, ...teams.apps]) {
    const built = buildApp(b, spec, nodes);
    buildService(b, built, nodes);
    buildAppConfig(b, built);
    for (const pod of built.pods) {
      const troubled = Boolean(spec.problems && Object.keys(spec.problems).length > 0);
      podEvents(b, pod, !troubled && healthyWithEvents++ < HEALTHY_POD_EVENTS);
    }
  }
  buildBatch(b, nodes);
  buildReleasedVolume(b);
  for (const node of b.objects.filter((o) => o.kind === "Node")) {
    const ready = (node.status as { conditions: Array<{ type: string; status: string }> }).conditions.some((c) => c.type === "Ready" && c.status === "True");
    if (!ready) nodeNotReadyEvent(b, node);
  }
  if (options.helm !== false) {
    for (const release of demoReleases()) b.objects.push(...(await releaseSecrets(release, now)));
  }
  return b.objects;
}
