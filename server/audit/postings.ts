/**
 * Posting lists for the index's low-cardinality columns (actor, email, cluster, namespace, verb, outcome): for
 * each value, the ascending seqs of the events that carry it. A selective query walks the shortest list
 * newest-first instead of every event; binary search finds a cursor or a time range inside a list.
 */
export interface PostingList {
  seqs: Uint32Array;
  len: number;
}

export class Postings {
  private readonly lists = new Map<number, PostingList>();

  add(id: number, seq: number): void {
    let list = this.lists.get(id);
    if (!list) {
      list = { seqs: new Uint32Array(16), len: 0 };
      this.lists.set(id, list);
    }
    if (list.len === list.seqs.length) {
      const grown = new Uint32Array(list.seqs.length * 2);
      grown.set(list.seqs);
      list.seqs = grown;
    }
    list.seqs[list.len++] = seq;
  }

  get(id: number): PostingList | undefined {
    return this.lists.get(id);
  }

  /** Forget seqs below `seq` (retention dropped them). */
  dropBefore(seq: number): void {
    for (const [id, list] of this.lists) {
      const k = lowerBound(list.seqs, list.len, seq);
      if (k === 0) continue;
      list.seqs.copyWithin(0, k, list.len);
      list.len -= k;
      if (list.len === 0) this.lists.delete(id);
    }
  }

  memoryBytes(): number {
    let sum = 0;
    for (const list of this.lists.values()) sum += list.seqs.byteLength;
    return sum;
  }
}

/** First index in the sorted prefix `a[0..len)` whose value is >= `x`. */
export function lowerBound(a: Uint32Array | Float64Array, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
