/** Label selectors (`a=b,c!=d,e in (f,g),!h`) and field selectors (`metadata.name=x,status.phase!=Running`). */
import { badRequestError } from "./status.ts";
import type { KubeObject } from "./types.ts";

type Requirement =
  | { key: string; op: "=" | "!="; values: [string] }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists"; values: [] };

export type Matcher = (obj: KubeObject) => boolean;

/** Split on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

export function parseLabelSelector(selector: string): Requirement[] {
  return splitTerms(selector).map((term) => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) return { key: m[1]!, op: m[2] as "in" | "notin", values: m[3]!.split(",").map((v) => v.trim()).filter((v) => v) };
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
    if (m) return { key: m[1]!, op: m[2] === "!=" ? "!=" : "=", values: [m[3]!] };
    m = /^(!?)([\w./-]+)$/.exec(term);
    if (m) return { key: m[2]!, op: m[1] ? "!exists" : "exists", values: [] };
    throw badRequestError(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
  });
}

function matchesLabels(reqs: Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case "=": return has && v === r.values[0];
      case "!=": return !has || v !== r.values[0];
      case "in": return has && r.values.includes(v!);
      case "notin": return !has || !r.values.includes(v!);
      case "exists": return has;
      case "!exists": return !has;
    }
  });
}

export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = parseLabelSelector(selector);
  return (obj) => matchesLabels(reqs, obj.metadata.labels ?? {});
}

/** A metav1.LabelSelector object (matchLabels/matchExpressions) as a matcher over plain labels. */
export function labelSelectorObjectMatches(sel: unknown, labels: Record<string, string>): boolean {
  if (!sel || typeof sel !== "object") return false;
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
  const reqs: Requirement[] = Object.entries(s.matchLabels ?? {}).map(([key, v]) => ({ key, op: "=", values: [v] }));
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator === "In" ? "in" : e.operator === "NotIn" ? "notin" : e.operator === "Exists" ? "exists" : "!exists";
    reqs.push(op === "in" || op === "notin" ? { key: e.key, op, values: e.values ?? [] } : { key: e.key, op, values: [] });
  }
  return matchesLabels(reqs, labels);
}

/** Read a dotted path such as `status.phase` or `involvedObject.name`. */
export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** `resolve` maps a field label to the object path it reads; undefined means the kind does not support it. */
export function fieldMatcher(selector: string | null, resolve: (label: string) => string | undefined = (l) => l): Matcher {
  if (!selector) return () => true;
  const reqs = splitTerms(selector).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequestError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const path = resolve(m[1]!);
    if (path === undefined) throw badRequestError(`field label not supported: ${m[1]}`);
    return { path, negate: m[2] === "!=", value: m[3]! };
  });
  return (obj) =>
    reqs.every((r) => {
      const raw = readPath(obj, r.path);
      const v = raw === undefined || raw === null ? "" : String(raw);
      return r.negate ? v !== r.value : v === r.value;
    });
}
