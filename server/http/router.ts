/**
 * A small path router: `/api/clusters/:cluster/resources/:kind` style patterns, `*rest` for the remainder.
 * Static segments win over parameters, so registration order does not matter (it only breaks exact ties). Fully
 * static routes are also kept in a map, so the common exact hit (/healthz, /api/clusters) skips the scan, and the
 * scan only looks at routes that can match: those with as many segments as the path, and the `*rest` ones.
 */
export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
  /** Registration order: the earlier route wins a tie. */
  order: number;
}

export type Match<H> =
  | { kind: "found"; handler: H; params: Params }
  | { kind: "method"; allowed: string[] }
  | { kind: "none" };

export class Router<H> {
  /** Routes without `*rest`, by segment count. */
  readonly #byLength = new Map<number, Route<H>[]>();
  readonly #rest: Route<H>[] = [];
  #count = 0;
  /** "METHOD /a/b" → handler, for patterns without parameters (first registration wins, as in the scan). */
  readonly #exact = new Map<string, H>();

  add(method: string, pattern: string, handler: H): this {
    const route = { method: method.toUpperCase(), segments: split(pattern), handler, order: this.#count++ };
    if (route.segments.some((s) => s.startsWith("*"))) this.#rest.push(route);
    else {
      const same = this.#byLength.get(route.segments.length);
      if (same) same.push(route);
      else this.#byLength.set(route.segments.length, [route]);
    }
    const key = `${route.method} /${route.segments.join("/")}`;
    if (!route.segments.some((s) => s.startsWith(":") || s.startsWith("*")) && !this.#exact.has(key)) this.#exact.set(key, handler);
    return this;
  }

  match(method: string, pathname: string): Match<H> {
    const exact = this.#exact.get(`${method} ${pathname}`);
    if (exact !== undefined) return { kind: "found", handler: exact, params: {} };
    const parts = split(pathname);
    let best: { route: Route<H>; params: Params; score: number } | undefined;
    const allowed = new Set<string>();
    for (const candidates of [this.#byLength.get(parts.length), this.#rest]) {
      for (const route of candidates ?? []) {
        const result = matchSegments(route.segments, parts);
        if (!result) continue;
        allowed.add(route.method);
        const methodOk = route.method === method || (method === "HEAD" && route.method === "GET");
        const better = !best || result.score > best.score || (result.score === best.score && route.order < best.route.order);
        if (methodOk && better) best = { route, params: result.params, score: result.score };
      }
    }
    if (best) return { kind: "found", handler: best.route.handler, params: best.params };
    if (allowed.size > 0) return { kind: "method", allowed: [...allowed].sort() };
    return { kind: "none" };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): { params: Params; score: number } | undefined {
  const params: Params = {};
  let score = 0;
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg.startsWith("*")) {
      params[seg.slice(1)] = parts.slice(i).map(decode).join("/");
      return { params, score };
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith(":")) {
      params[seg.slice(1)] = decode(part);
      score += 1;
    } else if (seg === part) {
      score += 2;
    } else {
      return undefined;
    }
  }
  return parts.length === pattern.length ? { params, score } : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
