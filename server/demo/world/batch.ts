/**
 * CronJobs with the Jobs they spawned (one complete, one failed at its backoff limit), a suspended CronJob,
 * and a standalone Job still running — each Job with its pods.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY, HOUR, MINUTE } from "./builder.ts";

import type { NodeFacts } from "./nodes.ts";
import type { ContainerSpec, PodProblem } from "./pods.ts";
import { buildPod } from "./pods.ts";

type Outcome = "complete" | "failed" | "running";

function jobTemplate(containers: ContainerSpec[]) {
  return {
    spec: {
      containers: containers.map((c) => ({ name: c.name, image: c.image, ...(c.command ? { command: c.command } : {}), resources: { requests: { cpu: `${c.cpuMilli}m`, memory: `${c.memoryMi}Mi` } } })),
      restartPolicy: "Never",
    },
  };
}

function buildJob(b: WorldBuilder, ns: string, name: string, containers: ContainerSpec[], outcome: Outcome, ageMs: number, nodes: NodeFacts[], owner?: KubeObject): KubeObject {
  const backoffLimit = 2;
  const job = b.add({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { ...b.meta(name, ns, { ageMs, labels: owner ? {} : { app: name }, annotations: owner ? { "batch.kubernetes.io/cronjob-scheduled-timestamp": b.at(ageMs) } : {}, owner }), generation: 1 },
    spec: { parallelism: 1, completions: 1, backoffLimit, completionMode: "NonIndexed", suspend: false, podReplacementPolicy: "TerminatingOrFailed", manualSelector: false, template: jobTemplate(containers) },
  } as KubeObject);
  const uid = job.metadata.uid!;
  const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name };
  job.metadata.labels = { ...job.metadata.labels, ...labels };
  (job.spec as Record<string, unknown>).selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  const problems: Array<PodProblem | undefined> = outcome === "complete" ? ["succeeded"] : outcome === "failed" ? ["failed", "failed", "failed"] : [undefined];
  problems.forEach((problem, i) =>
    buildPod(b, {
      namespace: ns,
      name: `${name}-${b.rng.suffix(5)}`,
      labels,
      owner: job,
      node: b.rng.pick(nodes.filter((n) => n.ready)),
      containers,
      problem,
      ageMs: ageMs - i * 20_000,
      serviceAccount: "default",
      restartPolicy: "Never",
      nodeCount: nodes.length,
    }),
  );
  const start = b.at(ageMs - 1000);
  const end = b.at(Math.max(0, ageMs - (outcome === "complete" ? 96_000 : 70_000)));
  job.status =
    outcome === "complete"
      ? { startTime: start, completionTime: end, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: "SuccessCriteriaMet", status: "True", lastProbeTime: end, lastTransitionTime: end, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" }, { type: "Complete", status: "True", lastProbeTime: end, lastTransitionTime: end, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" }] }
      : outcome === "failed"
        ? { startTime: start, failed: backoffLimit + 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: "FailureTarget", status: "True", lastProbeTime: end, lastTransitionTime: end, reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }, { type: "Failed", status: "True", lastProbeTime: end, lastTransitionTime: end, reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] }
        : { startTime: start, active: 1, ready: 1, terminating: 0, uncountedTerminatedPods: {} };
  return job;
}

function buildCronJob(b: WorldBuilder, ns: string, name: string, schedule: string, containers: ContainerSpec[], runs: Array<[Outcome, number]>, nodes: NodeFacts[], suspend = false): void {
  const cj = b.add({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { ...b.meta(name, ns, { ageMs: 45 * DAY }), generation: 1 },
    spec: { schedule, timeZone: "Etc/UTC", concurrencyPolicy: "Forbid", suspend, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { backoffLimit: 2, template: jobTemplate(containers) } } },
  } as KubeObject);
  const jobs = runs.map(([outcome, ageMs]) => {
    const scheduled = Math.floor((b.now - ageMs) / MINUTE);
    return buildJob(b, ns, `${name}-${scheduled}`, containers, outcome, ageMs, nodes, cj);
  });
  const last = runs.length > 0 ? Math.min(...runs.map(([, a]) => a)) : undefined;
  const succeeded = runs.filter(([o]) => o === "complete").map(([, a]) => a);
  cj.status = {
    ...(last !== undefined ? { lastScheduleTime: b.at(last) } : {}),
    ...(succeeded.length > 0 ? { lastSuccessfulTime: b.at(Math.min(...succeeded) - 96_000) } : {}),
    ...(jobs.some((j) => (j.status as { active?: number }).active) ? { active: jobs.filter((j) => (j.status as { active?: number }).active).map((j) => ({ apiVersion: "batch/v1", kind: "Job", name: j.metadata.name, namespace: ns, uid: j.metadata.uid })) } : {}),
  };
}

export function buildBatch(b: WorldBuilder, nodes: NodeFacts[]): void {
  const report: ContainerSpec[] = [{ name: "report", image: "ghcr.io/acme/report-generator:1.3.0", cpuMilli: 200, memoryMi: 256, command: ["/app/report", "--daily"] }];
  const backup: ContainerSpec[] = [{ name: "backup", image: "ghcr.io/acme/pg-backup:16", cpuMilli: 100, memoryMi: 128, command: ["/backup.sh"] }];
  const warmer: ContainerSpec[] = [{ name: "warmer", image: "curlimages/curl:8.10.1", cpuMilli: 10, memoryMi: 16, command: ["curl", "-fsS", "http://api.shop/warm"] }];
  const migrate: ContainerSpec[] = [{ name: "migrate", image: "ghcr.io/acme/etl-worker:5.0.1", cpuMilli: 500, memoryMi: 512, command: ["/app/migrate", "--batch=42"] }];
  const sinceTwo = ((b.now / HOUR) % 24 + 22) % 24;
  buildCronJob(b, "batch", "nightly-report", "0 2 * * *", report, [["failed", (sinceTwo + 24) * HOUR], ["complete", sinceTwo * HOUR]], nodes);
  const sinceHalfHour = b.now % (30 * MINUTE);
  buildCronJob(b, "payments", "db-backup", "*/30 * * * *", backup, [["complete", sinceHalfHour + 60 * MINUTE], ["complete", sinceHalfHour + 30 * MINUTE], ["complete", sinceHalfHour]], nodes);
  buildCronJob(b, "shop", "cache-warmer", "*/5 * * * *", warmer, [], nodes, true);
  buildJob(b, "data", "data-migration-42", migrate, "running", 7 * MINUTE, nodes);
}
