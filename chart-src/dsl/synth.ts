/**
 * Placements: where an expression goes and how it must look. In chart mode each call returns a placeholder
 * scalar (or a marker key/item) that the emitter later rewrites into a Go action; in direct mode the same call
 * returns the concrete value, or leaves the key/item/object out. Chart code therefore runs unchanged in both.
 */
import { ApiObject, App, Chart } from "cdk8s";
import type { ApiObjectProps } from "cdk8s";
import { stringify } from "yaml";
import { arg } from "./expr.ts";
import type { Env, Expr } from "./expr.ts";
import { clone, goInt, goString, truthy } from "./go-semantics.ts";
import { varRef } from "./refs.ts";
import type { Ref } from "./refs.ts";

export type Mode = "chart" | "direct";

/** How a placeholder becomes Go template text (see emit/chart-emitter.ts). */
export type Placement =
  | { kind: "inline"; action: string }
  | { kind: "block"; pipeline: string }
  | { kind: "text"; pipeline: string }
  | { kind: "merge"; pipeline: string; yamlText: boolean }
  | { kind: "splice"; pipeline: string }
  | { kind: "wrap"; open: string; item: boolean };

export interface Doc {
  readonly object: ApiObject;
  readonly file: string;
  /** Go actions that open around the document (`if`, `range`), innermost last. */
  readonly wrappers: readonly string[];
}

export const MARK = /__PSC(\d{5})__/;
const mark = (n: number) => `__PSC${String(n).padStart(5, "0")}__`;

export class Synth {
  readonly mode: Mode;
  readonly placements = new Map<string, Placement>();
  readonly docs: Doc[] = [];
  /** Render-time checks per template file (chart mode): Go actions placed before its documents. */
  readonly checks: Array<{ file: string; action: string }> = [];
  readonly scope: Chart;
  readonly #env: Env | undefined;
  #wrappers: string[] = [];
  #idSuffix: string[] = [];
  #counter = 0;

  constructor(mode: Mode, env?: Env) {
    if (mode === "direct" && !env) throw new Error("direct synthesis needs concrete values");
    this.mode = mode;
    this.#env = env;
    this.scope = new Chart(new App(), "periscope", { disableResourceNameHashes: true });
  }

  get env(): Env {
    if (!this.#env) throw new Error("no concrete values in chart mode");
    return this.#env;
  }

  #place(p: Placement): string {
    const token = mark(++this.#counter);
    this.placements.set(token, p);
    return token;
  }

  /** Evaluate an expression (direct mode only; chart code never branches on it). */
  #ev<T>(e: Expr<T>): T {
    return e.ev(this.env);
  }

  /** A quoted string (`yes`/`on` stay strings). */
  str(e: Expr): string {
    if (this.mode === "chart") return this.#place({ kind: "inline", action: `{{ ${e.go} | quote }}` });
    const v = this.#ev(e);
    return (v === undefined || v === null ? undefined : goString(v)) as string;
  }

  /** An integer, always through `int` so 1000000 never prints as 1e+06. */
  int(e: Expr): number {
    if (this.mode === "chart") return this.#place({ kind: "inline", action: `{{ ${e.go} | int }}` }) as unknown as number;
    return goInt(this.#ev(e));
  }

  /** An integer rendered as a quoted string (environment variables). */
  intStr(e: Expr): string {
    if (this.mode === "chart") return this.#place({ kind: "inline", action: `{{ ${e.go} | int | quote }}` });
    return String(goInt(this.#ev(e)));
  }

  /** A boolean rendered as a quoted "true"/"false" string (environment variables). */
  boolStr(e: Expr): string {
    // Not `toString`: a value deleted with null would print "<nil>".
    if (this.mode === "chart") return this.#place({ kind: "inline", action: `{{ if ${e.go} }}"true"{{ else }}"false"{{ end }}` });
    return truthy(this.#ev(e)) ? "true" : "false";
  }

  /** A boolean. */
  bool(e: Expr): boolean {
    if (this.mode === "chart") return this.#place({ kind: "inline", action: `{{ ${e.go} }}` }) as unknown as boolean;
    return this.#ev(e) as boolean;
  }

  /** A YAML block from values (`toYaml | nindent N`). */
  yaml<T>(e: Expr<T>): T {
    if (this.mode === "chart") return this.#place({ kind: "block", pipeline: `toYaml ${arg(e)}` }) as unknown as T;
    return clone(this.#ev(e));
  }

  /** A string holding YAML text of a value (ConfigMap data), as a literal block scalar in the chart. */
  yamlText(e: Expr): string {
    if (this.mode === "chart") return this.#place({ kind: "text", pipeline: `toYaml ${arg(e)}` });
    const v = this.#ev(e);
    return stringify(v ?? null, { lineWidth: 0 });
  }

  /** Optional keys: spread the result into an object literal. The body is lazy. */
  when<T extends object>(cond: Expr, body: () => T): Partial<T> {
    if (this.mode === "chart") return { [this.#place({ kind: "wrap", open: `{{- if ${cond.go} }}`, item: false })]: body() } as Partial<T>;
    return truthy(this.#ev(cond)) ? body() : {};
  }

  /** Optional list item: spread the result into an array literal. The body is lazy. */
  item<T>(cond: Expr, body: () => T): T[] {
    if (this.mode === "chart") return [{ [this.#place({ kind: "wrap", open: `{{- if ${cond.go} }}`, item: true })]: body() } as T];
    return truthy(this.#ev(cond)) ? [body()] : [];
  }

  /** One list item per element of a values list; `name` is the Go variable (derive it from where it is used). */
  each<E, T>(list: Expr<E[]>, name: string, body: (el: Ref<E>) => T): T[] {
    if (this.mode === "chart") {
      return [{ [this.#place({ kind: "wrap", open: `{{- range $${name} := ${list.go} }}`, item: true })]: body(varRef<E>(name)) } as T];
    }
    const els = this.#ev(list);
    return (Array.isArray(els) ? els : []).map((el) => this.#bind(name, el, () => body(varRef<E>(name))));
  }

  /** A values list spliced into a literal list. */
  splice<T>(e: Expr): T[] {
    if (this.mode === "chart") return [this.#place({ kind: "splice", pipeline: e.go }) as T];
    const v = this.#ev(e);
    return Array.isArray(v) ? (clone(v) as T[]) : [];
  }

  /** A values map merged into a literal map. */
  merge(e: Expr): Record<string, string> {
    if (this.mode === "chart") return { [this.#place({ kind: "merge", pipeline: e.go, yamlText: false })]: "" };
    const v = this.#ev(e);
    return v && typeof v === "object" && !Array.isArray(v) ? (clone(v) as Record<string, string>) : {};
  }

  /** A helper whose Go body prints YAML (labels) merged into a literal map; its TS twin returns the map. */
  mergeYaml(e: Expr<Record<string, string>>): Record<string, string> {
    if (this.mode === "chart") return { [this.#place({ kind: "merge", pipeline: e.go, yamlText: true })]: "" };
    return clone(this.#ev(e));
  }

  /**
   * A check that cannot be said in JSON Schema: in the chart an action at the top of templates/<file>.yaml whose
   * helper calls `fail`; in direct mode its twin throws. Either way, nothing renders.
   */
  check(file: string, e: Expr<string>): void {
    if (this.mode === "chart") this.checks.push({ file, action: `{{- ${e.go} }}` });
    else this.#ev(e);
  }

  /** Create a Kubernetes object. `file` names its template (templates/<file>.yaml). */
  object(file: string, props: ApiObjectProps): ApiObject {
    const id = [file, ...this.#idSuffix, String(this.docs.filter((d) => d.file === file).length)].join("-");
    const object = new ApiObject(this.scope, id, props);
    this.docs.push({ object, file, wrappers: [...this.#wrappers] });
    return object;
  }

  /** Objects created in `body` exist only when `cond` holds. */
  ifObjects(cond: Expr, body: () => void): void {
    if (this.mode === "chart") return this.#wrapped(`{{- if ${cond.go} }}`, body);
    if (truthy(this.#ev(cond))) body();
  }

  /** One set of objects per element of a values list. */
  eachObject<E>(list: Expr<E[]>, name: string, body: (el: Ref<E>) => void): void {
    if (this.mode === "chart") return this.#wrapped(`{{- range $${name} := ${list.go} }}`, () => body(varRef<E>(name)));
    const els = this.#ev(list);
    (Array.isArray(els) ? els : []).forEach((el, i) => {
      this.#idSuffix.push(String(i));
      try {
        this.#bind(name, el, () => body(varRef<E>(name)));
      } finally {
        this.#idSuffix.pop();
      }
    });
  }

  #wrapped(open: string, body: () => void): void {
    this.#wrappers.push(open);
    try {
      body();
    } finally {
      this.#wrappers.pop();
    }
  }

  #bind<T>(name: string, value: unknown, body: () => T): T {
    const vars = this.env.vars;
    const had = vars.has(name);
    const before = vars.get(name);
    vars.set(name, value);
    try {
      return body();
    } finally {
      if (had) vars.set(name, before);
      else vars.delete(name);
    }
  }
}
