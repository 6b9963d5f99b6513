/** The small JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[*]`, `[?(@.type=="Ready")]`. */

export function evalJsonPath(obj: unknown, path: string): unknown[] {
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1);
  if (p.startsWith("$")) p = p.slice(1);
  const tokens: string[] = [];
  const re = /\.([^.[\]]+)|\[\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)\]|\[(\d+|\*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) {
    if (m[1] !== undefined) tokens.push(`k:${m[1]}`);
    else if (m[2] !== undefined) tokens.push(`f:${m[2]}=${m[3]}`);
    else tokens.push(`i:${m[4]}`);
  }
  let cur: unknown[] = [obj];
  for (const t of tokens) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (t.startsWith("k:")) {
        if (v && typeof v === "object" && !Array.isArray(v)) {
          const x = (v as Record<string, unknown>)[t.slice(2)];
          if (x !== undefined) next.push(x);
        }
      } else if (t.startsWith("i:")) {
        if (!Array.isArray(v)) continue;
        const idx = t.slice(2);
        if (idx === "*") next.push(...v);
        else if (v[Number(idx)] !== undefined) next.push(v[Number(idx)]);
      } else {
        if (!Array.isArray(v)) continue;
        const [key, want] = t.slice(2).split("=") as [string, string];
        for (const item of v) {
          let field: unknown = item;
          for (const k of key.split(".")) field = field && typeof field === "object" ? (field as Record<string, unknown>)[k] : undefined;
          if (field !== undefined && String(field) === want) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}
