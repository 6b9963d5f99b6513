/**
 * Typed references into the values (and Release/Chart metadata, and `range` variables). `V.audit.storage.type`
 * is an Expr that remembers its path: `$.Values.audit.storage.type` in Go, a property walk in TypeScript.
 * Paths are always `$`-rooted so they stay valid inside `range`/`with`.
 */
import { expr } from "./expr.ts";
import type { Env, Expr } from "./expr.ts";

type Leafy = string | number | boolean | null | undefined | unknown[];

/** A reference tree: every node is an Expr of its type; object nodes also expose their keys. */
export type Ref<T> = Expr<T> &
  (NonNullable<T> extends Leafy ? unknown : NonNullable<T> extends object ? RefKeys<NonNullable<T>> : unknown);
type RefKeys<T> = string extends keyof T ? unknown : { readonly [K in keyof T]-?: Ref<T[K]> };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function goPath(root: string, path: readonly string[]): { go: string; atomic: boolean } {
  if (path.length === 0) return { go: root, atomic: true };
  if (path.every((p) => IDENT.test(p))) return { go: `${root}.${path.join(".")}`, atomic: true };
  return { go: `index ${root} ${path.map((p) => JSON.stringify(p)).join(" ")}`, atomic: false };
}

function walk(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const RESERVED = new Set(["go", "atomic", "ev", "__type", "then", "toJSON"]);

function makeRef<T>(root: string, base: (env: Env) => unknown, path: readonly string[]): Ref<T> {
  const { go, atomic } = goPath(root, path);
  const node = expr<T>(go, atomic, (env) => walk(base(env), path) as T);
  return new Proxy(node, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || RESERVED.has(prop)) return Reflect.get(target, prop, receiver);
      return makeRef(root, base, [...path, prop]);
    },
  }) as Ref<T>;
}

/** The values root, typed by the chart's values type. */
export function valuesRef<T>(): Ref<T> {
  return makeRef<T>("$.Values", (env) => env.Values, []);
}

export const Release = {
  Name: makeRef<string>("$.Release", (env) => env.Release, ["Name"]),
  Namespace: makeRef<string>("$.Release", (env) => env.Release, ["Namespace"]),
  Service: makeRef<string>("$.Release", (env) => env.Release, ["Service"]),
};

export const ChartMeta = {
  Name: makeRef<string>("$.Chart", (env) => env.Chart, ["Name"]),
  Version: makeRef<string>("$.Chart", (env) => env.Chart, ["Version"]),
  AppVersion: makeRef<string>("$.Chart", (env) => env.Chart, ["AppVersion"]),
};

/** A `range` variable (`$name`), typed as one element of the list. */
export function varRef<T>(name: string): Ref<T> {
  if (!IDENT.test(name)) throw new Error(`range variable name ${JSON.stringify(name)} is not a Go identifier`);
  return makeRef<T>(`$${name}`, (env) => env.vars.get(name), []);
}
