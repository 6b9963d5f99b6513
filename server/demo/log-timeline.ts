/**
 * When a container instance printed what: line i of an instance appears at start + i·interval plus a fixed
 * jitter, so history and follow agree and the same pod shows the same lines on every request.
 */
import type { ContainerFacts, PodFacts } from "./exec/pod-facts.ts";
import { crashLines, flavorFor, logLine } from "./log-lines.ts";
import type { LogFlavor } from "./log-lines.ts";
import { hashString } from "./world/random.ts";

export interface LogInstance {
  seed: number;
  flavor: LogFlavor;
  startMs: number;
  /** Set when the instance has ended (it printed its last words at this time). */
  endMs: number | undefined;
  crashReason: string | undefined;
}

export interface TimedLine {
  ms: number;
  /** Sub-millisecond digits (6) so timestamps look like a runtime's nanoseconds. */
  subMs: number;
  text: string;
}

const parseMs = (v: string | undefined): number | undefined => {
  const n = v ? Date.parse(v) : NaN;
  return Number.isNaN(n) ? undefined : n;
};

/** The instance `previous` (or the current one) of a container; undefined when there is none to read. */
export function instanceOf(pod: PodFacts, c: ContainerFacts, previous: boolean, nowMs: number): LogInstance | undefined {
  const flavor = flavorFor(c.name, c.image);
  const base = `${pod.uid || pod.namespace + "/" + pod.name}/${c.name}`;
  const podStart = parseMs(pod.creationTimestamp) ?? nowMs - 3600_000;
  const last = (): LogInstance | undefined => {
    if (!c.hasPrevious) return undefined;
    const end = parseMs(c.lastFinishedAt) ?? nowMs - 30_000;
    return { seed: hashString(`${base}/${Math.max(0, c.restartCount - 1)}`), flavor, startMs: Math.max(podStart, end - 45_000), endMs: end, crashReason: c.lastReason ?? "Error" };
  };
  if (previous) return last();
  if (c.state === "running") {
    return { seed: hashString(`${base}/${c.restartCount}`), flavor, startMs: parseMs(c.startedAt) ?? podStart, endMs: undefined, crashReason: undefined };
  }
  if (c.state === "terminated") {
    const start = parseMs(c.startedAt) ?? podStart;
    return { seed: hashString(`${base}/${c.restartCount}`), flavor, startMs: start, endMs: Math.min(nowMs, start + 40_000), crashReason: undefined };
  }
  // Waiting: a container that ran before shows its last instance (as the kubelet does during CrashLoopBackOff).
  return last();
}

export class Timeline {
  readonly instance: LogInstance;
  readonly intervalMs: number;

  constructor(instance: LogInstance, intervalMs: number) {
    this.instance = instance;
    this.intervalMs = intervalMs;
  }

  /** Time of regular line i. */
  timeOf(i: number): number {
    const jitter = (hashString(String(i), this.instance.seed) % 1000) / 1000;
    return this.instance.startMs + i * this.intervalMs + Math.floor(jitter * this.intervalMs * 0.8);
  }

  line(i: number): TimedLine {
    const ms = this.timeOf(i);
    return { ms, subMs: hashString(`n${i}`, this.instance.seed) % 1_000_000, text: logLine(this.instance.flavor, this.instance.seed, i, new Date(ms)) };
  }

  /** Index of the last regular line printed at or before `ms` (-1 when none). */
  lastIndexAt(ms: number): number {
    let i = Math.floor((ms - this.instance.startMs) / this.intervalMs);
    if (i < 0) return -1;
    while (i >= 0 && this.timeOf(i) > ms) i--;
    return i;
  }

  /** Everything printed up to `nowMs`, keeping at most `maxLines` of the newest regular lines. */
  history(nowMs: number, maxLines: number): TimedLine[] {
    const until = this.instance.endMs === undefined ? nowMs : Math.min(nowMs, this.instance.endMs);
    const last = this.lastIndexAt(until);
    const out: TimedLine[] = [];
    for (let i = Math.max(0, last - maxLines + 1); i <= last; i++) out.push(this.line(i));
    if (this.instance.endMs !== undefined && this.instance.endMs <= nowMs && this.instance.crashReason) {
      const end = this.instance.endMs;
      crashLines(this.instance.flavor, this.instance.crashReason, new Date(end)).forEach((text, k) => out.push({ ms: end, subMs: k, text }));
    }
    return out;
  }
}

/** `2026-11-25T07:51:02.123456789Z`: RFC3339 with a fixed nine-digit fraction, as the kubelet prints. */
export function formatTimestamp(line: TimedLine): string {
  const iso = new Date(line.ms).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, 23)}${String(line.subMs).padStart(6, "0")}Z`;
}
