/**
 * Shared state while generating the demo world: the seeded generator, the clock the ages are measured
 * from, IP allocators, and the growing list of objects. Every part of the world adds through here.
 */
import type { KubeObject, ObjectMeta } from "../types.ts";
import { Random } from "./random.ts";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export class WorldBuilder {
  readonly rng: Random;
  readonly now: number;
  readonly objects: KubeObject[] = [];
  private podIp = 0;
  private serviceIp = 20;

  constructor(seed: number | string, now: number) {
    this.rng = new Random(seed);
    this.now = now;
  }

  /** RFC3339 (seconds) for a moment `ageMs` before now. */
  at(ageMs: number): string {
    return new Date(this.now - ageMs).toISOString().replace(/\.\d+Z$/, "Z");
  }

  meta(name: string, namespace: string | undefined, options: { ageMs: number; labels?: Record<string, string>; annotations?: Record<string, string>; owner?: OwnerRef }): ObjectMeta {
    const meta: ObjectMeta = { name, uid: this.rng.uuid(), creationTimestamp: this.at(options.ageMs) };
    if (namespace) meta.namespace = namespace;
    if (options.labels && Object.keys(options.labels).length > 0) meta.labels = { ...options.labels };
    if (options.annotations && Object.keys(options.annotations).length > 0) meta.annotations = { ...options.annotations };
    if (options.owner) {
      meta.ownerReferences = [
        { apiVersion: options.owner.apiVersion, kind: options.owner.kind, name: options.owner.metadata.name!, uid: options.owner.metadata.uid!, controller: true, blockOwnerDeletion: true },
      ];
    }
    return meta;
  }

  add<T extends KubeObject>(obj: T): T {
    this.objects.push(obj);
    return obj;
  }

  nextPodIp(): string {
    const n = this.podIp++;
    return `10.244.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
  }

  nextServiceIp(): string {
    const n = this.serviceIp++;
    return `10.96.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
  }

  /** A 10-character pod-template-hash-like string. */
  hash(label: string): string {
    return this.rng.fork(label).suffix(10);
  }

  hex(length: number): string {
    return Array.from({ length }, () => this.rng.int(0, 15).toString(16)).join("");
  }
}
