/**
 * What demo containers print: a few realistic log styles chosen from the image/container name, each line a
 * pure function of (seed, index, time) so the same pod always shows the same history.
 */
import { Random } from "./world/random.ts";

export type LogFlavor = "nginx" | "api" | "worker" | "postgres" | "redis" | "klog";

export function flavorFor(container: string, image: string): LogFlavor {
  const s = `${container} ${image}`.toLowerCase();
  if (/nginx|ingress|envoy|haproxy|frontend|web/.test(s)) return "nginx";
  if (/postgres|mysql|mariadb/.test(s)) return "postgres";
  if (/redis|valkey|memcache/.test(s)) return "redis";
  if (/worker|job|cron|batch|queue|backup|report|migrat/.test(s)) return "worker";
  if (/controller|operator|kube-|coredns|csi|cni|proxy|exporter|agent|fluent/.test(s)) return "klog";
  return "api";
}

const PATHS = ["/", "/healthz", "/api/v1/products", "/api/v1/cart", "/api/v1/orders", "/static/app.js", "/api/v1/users/me", "/metrics", "/api/v1/search?q=shoes", "/login"];
const METHODS = ["GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"];
const AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "kube-probe/1.33", "curl/8.10.1", "Go-http-client/1.1", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6)"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const clf = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
const hms = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

const STARTUP: Record<LogFlavor, string[]> = {
  nginx: [
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
    "nginx: [notice] using the \"epoll\" event method",
    "nginx: [notice] start worker processes",
  ],
  api: [
    '{"level":"info","msg":"loading configuration","file":"/app/config.yaml"}',
    '{"level":"info","msg":"connected to database","pool":10}',
    '{"level":"info","msg":"listening","addr":":8080"}',
  ],
  worker: ["INFO worker: starting with concurrency=4", "INFO worker: connected to broker redis://redis:6379/0", "INFO worker: ready, waiting for jobs"],
  postgres: [
    "LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-gnu",
    'LOG:  listening on IPv4 address "0.0.0.0", port 5432',
    "LOG:  database system is ready to accept connections",
  ],
  redis: ["# Server initialized", "* Ready to accept connections tcp", "* DB loaded from disk: 0.012 seconds"],
  klog: ["Starting controller version=v1.9.2", "Waiting for caches to sync", "Caches are synced"],
};

/** One line of output (no trailing newline) for line `index` of an instance seeded with `seed`. */
export function logLine(flavor: LogFlavor, seed: number, index: number, at: Date): string {
  const r = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  if (index < STARTUP[flavor].length) return decorate(flavor, at, STARTUP[flavor][index]!, r);
  switch (flavor) {
    case "nginx": {
      const status = r.pick([200, 200, 200, 200, 200, 304, 201, 404, 500]);
      return `10.244.${r.int(0, 3)}.${r.int(2, 250)} - - [${clf(at)}] "${r.pick(METHODS)} ${r.pick(PATHS)} HTTP/1.1" ${status} ${r.int(120, 48000)} "-" "${r.pick(AGENTS)}"`;
    }
    case "api": {
      const status = r.pick([200, 200, 200, 200, 201, 204, 400, 404, 503]);
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      return `{"level":"${level}","ts":"${at.toISOString()}","msg":"request completed","method":"${r.pick(METHODS)}","path":"${r.pick(PATHS)}","status":${status},"duration_ms":${r.int(1, status >= 500 ? 3000 : 180)},"request_id":"${r.suffix(12)}"}`;
    }
    case "worker": {
      const task = r.pick(["email.send", "invoice.render", "thumbnail.resize", "report.daily", "cache.warm"]);
      const ok = r.chance(0.93);
      return `${ymd(at)} ${hms(at)} ${ok ? "INFO" : "WARNING"} worker.tasks: ${ok ? "processed" : "retrying"} job ${task} id=${r.int(1000, 99999)}${ok ? ` in ${r.int(20, 2500)}ms` : ` (attempt ${r.int(1, 4)}/5): timeout`}`;
    }
    case "postgres":
      return r.chance(0.7)
        ? `${ymd(at)} ${hms(at)} UTC [${r.int(100, 9000)}] LOG:  duration: ${r.int(1, 900)}.${r.int(100, 999)} ms  statement: SELECT * FROM orders WHERE id = ${r.int(1, 99999)}`
        : `${ymd(at)} ${hms(at)} UTC [${r.int(30, 90)}] LOG:  checkpoint complete: wrote ${r.int(3, 900)} buffers (${r.int(0, 9)}.${r.int(0, 9)}%)`;
    case "redis":
      return `1:M ${pad(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${hms(at)} * ${r.pick(["100 changes in 300 seconds. Saving...", "Background saving started by pid " + r.int(100, 999), "Background saving terminated with success", "DB saved on disk"])}`;
    case "klog":
      return klog(at, r.pick(["I", "I", "I", "W"]), `${r.pick(["controller.go", "reconciler.go", "shared_informer.go"])}:${r.int(40, 600)}] ${r.pick(["Reconciled object", "Synced resources", "Updated status", "Requeue after conflict"])} count=${r.int(1, 40)}`);
  }
}

function decorate(flavor: LogFlavor, at: Date, text: string, r: Random): string {
  if (flavor === "nginx") return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())} ${hms(at).slice(0, 8)} [notice] 1#1: ${text.replace(/^nginx: \[notice\] /, "")}`;
  if (flavor === "worker" || flavor === "postgres") return `${ymd(at)} ${hms(at)} ${flavor === "postgres" ? "UTC [1] " : ""}${text}`;
  if (flavor === "redis") return `1:M ${pad(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${hms(at)} ${text}`;
  if (flavor === "klog") return klog(at, "I", `main.go:${r.int(40, 200)}] ${text}`);
  return text.replace('{"level":"info",', `{"level":"info","ts":"${at.toISOString()}",`);
}

function klog(at: Date, severity: string, rest: string): string {
  return `${severity}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())} ${hms(at)}000       1 ${rest}`;
}

/** The last words of an instance that died: what a crashing process prints before it exits. */
export function crashLines(flavor: LogFlavor, reason: string, at: Date): string[] {
  if (reason === "OOMKilled") return []; // the kernel kills it mid-sentence
  if (flavor === "api" || flavor === "nginx") {
    return [
      `{"level":"error","ts":"${at.toISOString()}","msg":"failed to connect to database","error":"dial tcp 10.96.41.7:5432: connect: connection refused"}`,
      `{"level":"fatal","ts":"${at.toISOString()}","msg":"shutting down: dependency check failed"}`,
    ];
  }
  if (flavor === "worker") return [`${ymd(at)} ${hms(at)} ERROR worker: unhandled exception in job loop`, "Traceback (most recent call last):", '  File "/app/worker.py", line 88, in run', "KeyError: 'REDIS_URL'"];
  return [klog(at, "E", "main.go:112] failed to start: missing required configuration"), klog(at, "F", "main.go:113] exiting")];
}
