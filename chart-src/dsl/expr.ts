/**
 * Dual-mode expressions: every node prints itself as a Go template operand and evaluates itself in TypeScript
 * against concrete values, with Go/Sprig semantics. Chart code builds these; placements (synth.ts) decide how
 * they are rendered.
 */
import { clone, goDefault, goEq, goJson, goString, sha256Hex, truthy } from "./go-semantics.ts";

/** Release/Chart metadata and the variables bound by `range`, besides the values. */
export interface Env {
  Values: Record<string, unknown>;
  Release: { Name: string; Namespace: string; Service: string };
  Chart: { Name: string; Version: string; AppVersion: string };
  vars: Map<string, unknown>;
}

export interface Expr<T = unknown> {
  /** Go template operand; `atomic` says whether it can be used as an argument without parentheses. */
  readonly go: string;
  readonly atomic: boolean;
  readonly ev: (env: Env) => T;
  /** Phantom type marker. */
  readonly __type?: T;
}

export function expr<T>(go: string, atomic: boolean, ev: (env: Env) => T): Expr<T> {
  return { go, atomic, ev };
}

/** An argument position: parenthesise compound operands. */
export function arg(e: Expr): string {
  return e.atomic ? e.go : `(${e.go})`;
}

export type Operand<T = unknown> = Expr<T> | string | number | boolean;

export function isExpr(v: unknown): v is Expr {
  return typeof v === "object" && v !== null && typeof (v as Expr).ev === "function" && typeof (v as Expr).go === "string";
}

/** A literal; strings are Go-quoted (JSON escapes are valid Go string escapes for the text we use). */
export function lit<T extends string | number | boolean>(v: T): Expr<T> {
  return expr(typeof v === "string" ? JSON.stringify(v) : String(v), true, () => v);
}

export function toExpr<T>(v: Operand<T>): Expr<T> {
  return (isExpr(v) ? v : lit(v as string | number | boolean)) as Expr<T>;
}

const call = <T>(fn: string, args: Operand[], ev: (env: Env) => T): Expr<T> =>
  expr(`${fn} ${args.map((a) => arg(toExpr(a))).join(" ")}`, false, ev);

export const eq = (a: Operand, b: Operand): Expr<boolean> =>
  call("eq", [a, b], (env) => goEq(toExpr(a).ev(env), toExpr(b).ev(env)));

export const ne = (a: Operand, b: Operand): Expr<boolean> =>
  call("ne", [a, b], (env) => !goEq(toExpr(a).ev(env), toExpr(b).ev(env)));

export const not = (a: Operand): Expr<boolean> => call("not", [a], (env) => !truthy(toExpr(a).ev(env)));

/** Go `and`: the first falsy operand, else the last. */
export const and = (...xs: Operand[]): Expr<unknown> =>
  call("and", xs, (env) => {
    let last: unknown;
    for (const x of xs) {
      last = toExpr(x).ev(env);
      if (!truthy(last)) return last;
    }
    return last;
  });

/** Go `or`: the first truthy operand, else the last. */
export const or = (...xs: Operand[]): Expr<unknown> =>
  call("or", xs, (env) => {
    let last: unknown;
    for (const x of xs) {
      last = toExpr(x).ev(env);
      if (truthy(last)) return last;
    }
    return last;
  });

/** Sprig `default fallback value`. */
export const dflt = <T>(fallback: Operand<T>, value: Operand<T>): Expr<T> =>
  call("default", [fallback, value], (env) => goDefault(toExpr(fallback).ev(env), toExpr(value).ev(env)) as T);

/** String concatenation (Go `print` adds no spaces between string operands). */
export const concat = (...parts: Operand[]): Expr<string> =>
  call("print", parts, (env) => parts.map((p) => goString(toExpr(p).ev(env))).join(""));

/** Sprig `ternary a b cond` with a Go-truthiness condition. */
export const ternary = <T>(a: Operand<T>, b: Operand<T>, cond: Operand): Expr<T> =>
  expr(`ternary ${arg(toExpr(a))} ${arg(toExpr(b))} (not (empty ${arg(toExpr(cond))}))`, false, (env) =>
    (truthy(toExpr(cond).ev(env)) ? toExpr(a).ev(env) : toExpr(b).ev(env)) as T);

/** Sprig `omit map key...`: a copy without the keys. */
export const omit = <T>(m: Expr<T>, ...keys: string[]): Expr<T> =>
  call("omit", [m, ...keys], (env) => {
    const v = m.ev(env);
    if (v === null || typeof v !== "object") return {} as T;
    const out = clone(v) as Record<string, unknown>;
    for (const k of keys) delete out[k];
    return out as T;
  });

/** Sprig `dict k v ...`. */
export const dict = (entries: Record<string, Operand>): Expr<Record<string, unknown>> =>
  call("dict", Object.entries(entries).flatMap(([k, v]) => [k, v]), (env) =>
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, clone(toExpr(v).ev(env))])));

/** `toJson | sha256sum`: the checksum of a config object, identical in both modes. */
export const jsonSha256 = (e: Expr): Expr<string> =>
  expr(`${arg(e)} | toJson | sha256sum`, false, (env) => sha256Hex(goJson(e.ev(env))));

/** A Go-truthiness test usable where a boolean is required. */
export const isSet = (e: Operand): Expr<boolean> => call("not", [call("empty", [e], () => false)], (env) => truthy(toExpr(e).ev(env)));
