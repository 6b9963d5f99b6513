/**
 * The in-memory index: one compact column per filterable field (typed arrays, strings interned to ids), one
 * entry per stored event in sequence order. A query scans the columns newest-first — a few milliseconds for a
 * million events — and reads only the rows it returns from disk. `requestId` and the object `name` are kept as
 * 32-bit hashes (both can be unique per event; interning them would cost more memory than the rest together);
 * callers confirm them on the row.
 */
import { AUDIT_OUTCOMES, AUDIT_VERBS } from "./event.ts";
import type { AuditOutcome, AuditVerb } from "./event.ts";

export interface IndexEntry {
  seq: number;
  timeMs: number;
  segment: number;
  offset: number;
  length: number;
  sub: string;
  email: string;
  verb: string;
  outcome: string;
  cluster: string;
  namespace: string;
  name: string;
  requestId: string;
}

/** Values to match exactly; undefined = any. `actor` matches the subject or the email. `name` and `requestId` match by hash: confirm on the row. */
export interface IndexFilter {
  actor?: string;
  /** Restrict to this subject (scope `self`). */
  selfSubject?: string;
  verbs?: AuditVerb[];
  outcomes?: AuditOutcome[];
  cluster?: string;
  namespace?: string;
  name?: string;
  requestId?: string;
  fromMs?: number;
  toMs?: number;
}

/** One segment's index entries, columnar; string-valued columns hold ids into `strings`. */
export interface SegmentColumns {
  firstSeq: number;
  count: number;
  time: Float64Array;
  offset: Float64Array;
  length: Uint32Array;
  sub: Uint32Array;
  email: Uint32Array;
  cluster: Uint32Array;
  namespace: Uint32Array;
  name: Uint32Array;
  verb: Uint8Array;
  outcome: Uint8Array;
  requestId: Uint32Array;
  strings: string[];
}

export interface RowLocation {
  seq: number;
  segment: number;
  offset: number;
  length: number;
}

class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}

const NO_MATCH = -2;

export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class EventIndex {
  /** seq of position 0 (rises when retention drops the oldest segments). */
  private firstSeq = 1;
  private count = 0;
  private capacity = 0;
  private time = new Float64Array(0);
  private segment = new Uint32Array(0);
  private offset = new Float64Array(0);
  private length = new Uint32Array(0);
  private sub = new Uint32Array(0);
  private email = new Uint32Array(0);
  private verb = new Uint8Array(0);
  private outcome = new Uint8Array(0);
  private cluster = new Uint32Array(0);
  private namespace = new Uint32Array(0);
  private name = new Uint32Array(0);
  private requestId = new Uint32Array(0);
  private readonly strings = new Interner();
  private readonly verbIds = new Interner();
  private readonly outcomeIds = new Interner();

  constructor() {
    for (const v of AUDIT_VERBS) this.verbIds.id(v);
    for (const o of AUDIT_OUTCOMES) this.outcomeIds.id(o);
  }

  get size(): number {
    return this.count;
  }

  /** seq of the newest indexed event, or firstSeq - 1 when empty. */
  get lastSeq(): number {
    return this.firstSeq + this.count - 1;
  }

  add(e: IndexEntry): void {
    if (this.count === 0) this.firstSeq = e.seq;
    else if (e.seq !== this.lastSeq + 1) throw new Error(`audit index: seq ${e.seq} after ${this.lastSeq}`);
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.time[i] = e.timeMs;
    this.segment[i] = e.segment;
    this.offset[i] = e.offset;
    this.length[i] = e.length;
    this.sub[i] = this.strings.id(e.sub);
    this.email[i] = this.strings.id(e.email);
    this.verb[i] = this.verbIds.id(e.verb);
    this.outcome[i] = this.outcomeIds.id(e.outcome);
    this.cluster[i] = this.strings.id(e.cluster);
    this.namespace[i] = this.strings.id(e.namespace);
    this.name[i] = hash32(e.name);
    this.requestId[i] = hash32(e.requestId);
  }

  /** Forget every event with seq < `seq` (their segment files were deleted). */
  dropBefore(seq: number): void {
    const drop = Math.min(Math.max(0, seq - this.firstSeq), this.count);
    if (drop === 0) return;
    for (const column of this.columns()) column.copyWithin(0, drop, this.count);
    this.count -= drop;
    this.firstSeq += drop;
  }

  /** Bytes held by the columns (the interned strings are extra and small: actors, emails, clusters, namespaces). */
  memoryBytes(): number {
    return this.columns().reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** The entries of one segment as plain columns, for its sidecar file (string ids local to the export). */
  exportRange(fromSeq: number, toSeq: number): SegmentColumns {
    const from = Math.max(0, fromSeq - this.firstSeq);
    const to = Math.min(this.count, toSeq - this.firstSeq);
    const local = new Interner();
    const remap = (column: Uint32Array) => {
      const out = new Uint32Array(Math.max(0, to - from));
      for (let i = from; i < to; i++) out[i - from] = local.id(this.strings.values[column[i]!]!);
      return out;
    };
    const verbs = this.verbIds.values;
    const outcomes = this.outcomeIds.values;
    return {
      firstSeq: fromSeq,
      count: Math.max(0, to - from),
      time: this.time.slice(from, to),
      offset: this.offset.slice(from, to),
      length: this.length.slice(from, to),
      sub: remap(this.sub),
      email: remap(this.email),
      cluster: remap(this.cluster),
      namespace: remap(this.namespace),
      name: this.name.slice(from, to),
      verb: Uint8Array.from(this.verb.subarray(from, to), (v) => local.id(verbs[v]!)),
      outcome: Uint8Array.from(this.outcome.subarray(from, to), (o) => local.id(outcomes[o]!)),
      requestId: this.requestId.slice(from, to),
      strings: local.values,
    };
  }

  /** Appends a segment's entries read from its sidecar; they must continue the sequence. */
  importColumns(segment: number, c: SegmentColumns): void {
    if (c.count === 0) return;
    if (this.count === 0) this.firstSeq = c.firstSeq;
    else if (c.firstSeq !== this.lastSeq + 1) throw new Error(`audit index: seq ${c.firstSeq} after ${this.lastSeq}`);
    const ids = c.strings.map((v) => this.strings.id(v));
    const verbIds = c.strings.map((v) => this.verbIds.find(v) ?? 255);
    const outcomeIds = c.strings.map((v) => this.outcomeIds.find(v) ?? 255);
    while (this.capacity < this.count + c.count) this.grow();
    const base = this.count;
    this.time.set(c.time, base);
    this.offset.set(c.offset, base);
    this.length.set(c.length, base);
    this.requestId.set(c.requestId, base);
    this.name.set(c.name, base);
    this.segment.fill(segment, base, base + c.count);
    for (let i = 0; i < c.count; i++) {
      const j = base + i;
      this.sub[j] = ids[c.sub[i]!]!;
      this.email[j] = ids[c.email[i]!]!;
      this.cluster[j] = ids[c.cluster[i]!]!;
      this.namespace[j] = ids[c.namespace[i]!]!;
      this.verb[j] = verbIds[c.verb[i]!]!;
      this.outcome[j] = outcomeIds[c.outcome[i]!]!;
    }
    this.count += c.count;
  }

  location(seq: number): RowLocation | undefined {
    const i = seq - this.firstSeq;
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return { seq, segment: this.segment[i]!, offset: this.offset[i]!, length: this.length[i]! };
  }

  timeOf(seq: number): number | undefined {
    const i = seq - this.firstSeq;
    return i >= 0 && i < this.count ? this.time[i] : undefined;
  }

  /**
   * Newest-first matches with seq < `beforeSeq`, at most `limit`. `requestId` matches are by hash: confirm on
   * the row. Stops early once enough are found.
   */
  search(filter: IndexFilter, beforeSeq: number, limit: number): RowLocation[] {
    const m = this.compile(filter);
    const out: RowLocation[] = [];
    if (m === undefined) return out;
    let i = Math.min(this.count, beforeSeq - this.firstSeq) - 1;
    for (; i >= 0 && out.length < limit; i--) {
      if (this.matches(m, i)) out.push({ seq: this.firstSeq + i, segment: this.segment[i]!, offset: this.offset[i]!, length: this.length[i]! });
    }
    return out;
  }

  /** Calls `visit(timeMs, outcome)` for every match (for timelines). */
  forEach(filter: IndexFilter, visit: (timeMs: number, outcome: AuditOutcome, seq: number) => void): void {
    const m = this.compile(filter);
    if (m === undefined) return;
    const outcomes = this.outcomeIds.values as AuditOutcome[];
    for (let i = 0; i < this.count; i++) {
      if (this.matches(m, i)) visit(this.time[i]!, outcomes[this.outcome[i]!]!, this.firstSeq + i);
    }
  }

  private compile(f: IndexFilter): Compiled | undefined {
    const pick = (value: string | undefined): number | undefined | typeof NO_MATCH =>
      value === undefined ? undefined : (this.strings.find(value) ?? NO_MATCH);
    const actor = pick(f.actor);
    const self = pick(f.selfSubject);
    const cluster = pick(f.cluster);
    const namespace = pick(f.namespace);
    if ([actor, self, cluster, namespace].includes(NO_MATCH)) return undefined;
    let verbMask = 0;
    for (const v of f.verbs ?? []) verbMask |= 1 << this.verbIds.id(v);
    let outcomeMask = 0;
    for (const o of f.outcomes ?? []) outcomeMask |= 1 << this.outcomeIds.id(o);
    return {
      actor: actor as number | undefined,
      self: self as number | undefined,
      cluster: cluster as number | undefined,
      namespace: namespace as number | undefined,
      name: f.name === undefined ? undefined : hash32(f.name),
      verbMask,
      outcomeMask,
      requestId: f.requestId === undefined ? undefined : hash32(f.requestId),
      fromMs: f.fromMs ?? -Infinity,
      toMs: f.toMs ?? Infinity,
    };
  }

  private matches(m: Compiled, i: number): boolean {
    const t = this.time[i]!;
    if (t < m.fromMs || t >= m.toMs) return false;
    if (m.verbMask !== 0 && (m.verbMask & (1 << this.verb[i]!)) === 0) return false;
    if (m.outcomeMask !== 0 && (m.outcomeMask & (1 << this.outcome[i]!)) === 0) return false;
    if (m.self !== undefined && this.sub[i] !== m.self) return false;
    if (m.actor !== undefined && this.sub[i] !== m.actor && this.email[i] !== m.actor) return false;
    if (m.cluster !== undefined && this.cluster[i] !== m.cluster) return false;
    if (m.namespace !== undefined && this.namespace[i] !== m.namespace) return false;
    if (m.name !== undefined && this.name[i] !== m.name) return false;
    if (m.requestId !== undefined && this.requestId[i] !== m.requestId) return false;
    return true;
  }

  private columns() {
    return [this.time, this.segment, this.offset, this.length, this.sub, this.email, this.verb, this.outcome, this.cluster, this.namespace, this.name, this.requestId];
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const grow = <T extends Float64Array | Uint32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.segment = grow(this.segment, (n) => new Uint32Array(n));
    this.offset = grow(this.offset, (n) => new Float64Array(n));
    this.length = grow(this.length, (n) => new Uint32Array(n));
    this.sub = grow(this.sub, (n) => new Uint32Array(n));
    this.email = grow(this.email, (n) => new Uint32Array(n));
    this.verb = grow(this.verb, (n) => new Uint8Array(n));
    this.outcome = grow(this.outcome, (n) => new Uint8Array(n));
    this.cluster = grow(this.cluster, (n) => new Uint32Array(n));
    this.namespace = grow(this.namespace, (n) => new Uint32Array(n));
    this.name = grow(this.name, (n) => new Uint32Array(n));
    this.requestId = grow(this.requestId, (n) => new Uint32Array(n));
    this.capacity = capacity;
  }
}

interface Compiled {
  actor: number | undefined;
  self: number | undefined;
  cluster: number | undefined;
  namespace: number | undefined;
  name: number | undefined;
  verbMask: number;
  outcomeMask: number;
  requestId: number | undefined;
  fromMs: number;
  toMs: number;
}
