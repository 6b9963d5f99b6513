/** The change log behind watches: every write is published here; a bounded window is retained for resumption. */
import type { KubeObject } from "./types.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface ChangeEvent {
  type: WatchEventType;
  rv: number;
  /** resourceKey of the type (e.g. "pods", "deployments.apps"). */
  key: string;
  object: KubeObject;
}

type Listener = (event: ChangeEvent) => void;

export class WatchHub {
  #log: ChangeEvent[] = [];
  /** Events at or below this resourceVersion are no longer retained. */
  #compactedRv = 0;
  readonly #listeners = new Set<Listener>();
  window: number;

  constructor(window = 2000) {
    this.window = window;
  }

  get compactedRv(): number {
    return this.#compactedRv;
  }

  publish(event: ChangeEvent): void {
    this.#log.push(event);
    while (this.#log.length > this.window) this.#compactedRv = this.#log.shift()!.rv;
    for (const l of [...this.#listeners]) l(event);
  }

  /** Retained events for `key` newer than `rv`; undefined when `rv` is older than the retained window. */
  since(key: string, rv: number): ChangeEvent[] | undefined {
    if (rv < this.#compactedRv) return undefined;
    return this.#log.filter((e) => e.rv > rv && e.key === key);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forget the whole retained window, as etcd compaction does: older RVs now get 410. */
  compact(upTo: number): void {
    this.#log = this.#log.filter((e) => e.rv > upTo);
    this.#compactedRv = Math.max(this.#compactedRv, upTo);
  }
}
