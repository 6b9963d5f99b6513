/**
 * The in-memory index: one compact column per filterable field (typed arrays, strings interned to ids), one
 * entry per stored event in sequence order. A query scans the columns newest-first — a few milliseconds for a
 * million events — and reads only the rows it returns from disk. `requestId` and the object `name` are kept as
 * 32-bit hashes (both can be unique per event; interning them would cost more memory than the rest together);
 * callers confirm them on the row.
 */
import { AUDIT_OUTCOMES, AUDIT_VERBS } from "./event.ts";
import type { AuditOutcome, AuditVerb } from "./event.ts";
import { lowerBound, Postings } from "./postings.ts";
import type { PostingList } from "./postings.ts";

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
/** Hash-chain buckets for name and requestId (4 MiB of heads each). */
const CHAIN_BITS = 20;
const CHAIN_MASK = (1 << CHAIN_BITS) - 1;

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
  /** Per entry: the seq of the previous entry in the same name / requestId bucket (0 = none). */
  private nameNext = new Uint32Array(0);
  private requestNext = new Uint32Array(0);
  private readonly nameHeads = new Uint32Array(1 << CHAIN_BITS);
  private readonly requestHeads = new Uint32Array(1 << CHAIN_BITS);
  private readonly bySub = new Postings();
  private readonly byEmail = new Postings();
  private readonly byCluster = new Postings();
  private readonly byNamespace = new Postings();
  private readonly byVerb = new Postings();
  private readonly byOutcome = new Postings();
  /** True while times never went backwards: time bounds then become seq bounds by binary search. */
  private timeSorted = true;
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
    this.link(i);
  }

  /** Adds entry `i` to the posting lists and hash chains. */
  private link(i: number): void {
    const seq = this.firstSeq + i;
    if (i > 0 && this.time[i]! < this.time[i - 1]!) this.timeSorted = false;
    this.bySub.add(this.sub[i]!, seq);
    this.byEmail.add(this.email[i]!, seq);
    this.byCluster.add(this.cluster[i]!, seq);
    this.byNamespace.add(this.namespace[i]!, seq);
    this.byVerb.add(this.verb[i]!, seq);
    this.byOutcome.add(this.outcome[i]!, seq);
    const nb = this.name[i]! & CHAIN_MASK;
    this.nameNext[i] = this.nameHeads[nb]!;
    this.nameHeads[nb] = seq;
    const rb = this.requestId[i]! & CHAIN_MASK;
    this.requestNext[i] = this.requestHeads[rb]!;
    this.requestHeads[rb] = seq;
  }

  /** Forget every event with seq < `seq` (their segment files were deleted). */
  dropBefore(seq: number): void {
    const drop = Math.min(Math.max(0, seq - this.firstSeq), this.count);
    if (drop === 0) return;
    for (const column of this.columns()) column.copyWithin(0, drop, this.count);
    this.count -= drop;
    this.firstSeq += drop;
    for (const p of this.postings()) p.dropBefore(this.firstSeq);
  }

  /** Bytes held by the columns (the interned strings are extra and small: actors, emails, clusters, namespaces). */
  memoryBytes(): number {
    const columns = this.columns().reduce((sum, c) => sum + c.byteLength, 0);
    const postings = this.postings().reduce((sum, p) => sum + p.memoryBytes(), 0);
    return columns + postings + this.nameHeads.byteLength + this.requestHeads.byteLength;
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
    for (let i = base; i < base + c.count; i++) this.link(i);
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
   * Newest-first matches with seq < `beforeSeq`, at most `limit`. `requestId` and `name` match by hash: confirm
   * on the row. Walks the most selective posting list or hash chain, stops once enough are found.
   */
  search(filter: IndexFilter, beforeSeq: number, limit: number): RowLocation[] {
    const out: RowLocation[] = [];
    if (limit <= 0) return out;
    this.scan(filter, beforeSeq, (i) => {
      out.push({ seq: this.firstSeq + i, segment: this.segment[i]!, offset: this.offset[i]!, length: this.length[i]! });
      return out.length < limit;
    });
    return out;
  }

  /** Calls `visit(timeMs, outcome, seq)` for every match, newest first (for timelines). */
  forEach(filter: IndexFilter, visit: (timeMs: number, outcome: AuditOutcome, seq: number) => void): void {
    const outcomes = this.outcomeIds.values as AuditOutcome[];
    this.scan(filter, Infinity, (i) => {
      visit(this.time[i]!, outcomes[this.outcome[i]!]!, this.firstSeq + i);
      return true;
    });
  }

  /**
   * Counts matches per time bucket and outcome without materialising anything per event (the timeline).
   * Events outside [fromMs, fromMs + bucketMs × buckets) are ignored.
   */
  bucketCounts(filter: IndexFilter, fromMs: number, bucketMs: number, buckets: number): Record<AuditOutcome, Int32Array> {
    const counts = new Int32Array(this.outcomeIds.values.length * buckets);
    const toMs = fromMs + bucketMs * buckets;
    const f = { ...filter, fromMs: Math.max(filter.fromMs ?? -Infinity, fromMs), toMs: Math.min(filter.toMs ?? Infinity, toMs) };
    this.scan(f, Infinity, (i) => {
      counts[this.outcome[i]! * buckets + Math.floor((this.time[i]! - fromMs) / bucketMs)]!++;
      return true;
    });
    const out = {} as Record<AuditOutcome, Int32Array>;
    this.outcomeIds.values.forEach((o, id) => (out[o as AuditOutcome] = counts.subarray(id * buckets, (id + 1) * buckets)));
    return out;
  }

  /** Finds matching positions newest-first; `visit` returns false to stop. */
  private scan(filter: IndexFilter, beforeSeq: number, visit: (i: number) => boolean): void {
    const m = this.compile(filter);
    if (m === undefined || this.count === 0) return;
    let lo = this.firstSeq;
    let hi = Math.min(this.lastSeq + 1, beforeSeq);
    if (this.timeSorted) {
      if (m.fromMs > -Infinity) lo = Math.max(lo, this.firstSeq + lowerBound(this.time, this.count, m.fromMs));
      if (m.toMs < Infinity) hi = Math.min(hi, this.firstSeq + lowerBound(this.time, this.count, m.toMs));
    }
    if (hi <= lo) return;
    const first = this.firstSeq;
    // Hash chains first: a request id or an object name is nearly always the most selective filter.
    const chain = m.requestId !== undefined ? { heads: this.requestHeads, next: this.requestNext, hash: m.requestId } : m.name !== undefined ? { heads: this.nameHeads, next: this.nameNext, hash: m.name } : undefined;
    if (chain) {
      for (let seq = chain.heads[chain.hash & CHAIN_MASK]!; seq >= lo && seq >= first; seq = chain.next[seq - first]!) {
        if (seq < hi && this.matches(m, seq - first) && !visit(seq - first)) return;
      }
      return;
    }
    // Else the shortest posting list within [lo, hi), unless scanning the range is cheaper.
    let best: { list: PostingList; from: number; to: number } | undefined;
    let bestCost = hi - lo;
    for (const list of this.candidateLists(m)) {
      if (!list) return; // a filter value no event carries
      const from = lowerBound(list.seqs, list.len, lo);
      const to = lowerBound(list.seqs, list.len, hi);
      if (to - from < bestCost) {
        best = { list, from, to };
        bestCost = to - from;
      }
    }
    if (best) {
      for (let k = best.to - 1; k >= best.from; k--) {
        const i = best.list.seqs[k]! - first;
        if (this.matches(m, i) && !visit(i)) return;
      }
      return;
    }
    for (let i = hi - first - 1; i >= lo - first; i--) {
      if (this.matches(m, i) && !visit(i)) return;
    }
  }

  /** The posting list of each single-valued filter; undefined in the result = no event has that value. */
  private candidateLists(m: Compiled): Array<PostingList | undefined> {
    const lists: Array<PostingList | undefined> = [];
    if (m.self !== undefined) lists.push(this.bySub.get(m.self));
    if (m.actor !== undefined) {
      // actor matches the subject or the email: usable only when the value occurs in just one of the two.
      const bySub = this.bySub.get(m.actor);
      const byEmail = this.byEmail.get(m.actor);
      if (!bySub || !byEmail) lists.push(bySub ?? byEmail);
    }
    if (m.cluster !== undefined) lists.push(this.byCluster.get(m.cluster));
    if (m.namespace !== undefined) lists.push(this.byNamespace.get(m.namespace));
    if (m.verbId !== undefined) lists.push(this.byVerb.get(m.verbId));
    if (m.outcomeId !== undefined) lists.push(this.byOutcome.get(m.outcomeId));
    return lists;
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
    const oneVerb = f.verbs?.length === 1 ? this.verbIds.id(f.verbs[0]!) : undefined;
    const oneOutcome = f.outcomes?.length === 1 ? this.outcomeIds.id(f.outcomes[0]!) : undefined;
    return {
      verbId: oneVerb,
      outcomeId: oneOutcome,
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
    return [this.time, this.segment, this.offset, this.length, this.sub, this.email, this.verb, this.outcome, this.cluster, this.namespace, this.name, this.requestId, this.nameNext, this.requestNext];
  }

  private postings(): Postings[] {
    return [this.bySub, this.byEmail, this.byCluster, this.byNamespace, this.byVerb, this.byOutcome];
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
    this.nameNext = grow(this.nameNext, (n) => new Uint32Array(n));
    this.requestNext = grow(this.requestNext, (n) => new Uint32Array(n));
    this.capacity = capacity;
  }
}

interface Compiled {
  verbId: number | undefined;
  outcomeId: number | undefined;
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
