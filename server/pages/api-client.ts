/**
 * Pages read data through the same API routes the browser uses, dispatched in-process: the route handler runs
 * with the page request's context (so the identity the auth middleware attached is the one that acts), and its
 * JSON comes back as a value. A missing route or an error becomes an `ApiFailure` the page can show.
 */
import type { RequestContext, RouteHandler } from "../http/context.ts";
import { AppError } from "../http/errors.ts";
import type { Router } from "../http/router.ts";

export type ApiResult<T = unknown> = { ok: true; status: number; data: T } | ApiFailure;
export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
}

export type ApiGet = (path: string) => Promise<ApiResult>;

export function internalApi(ctx: RequestContext, router: Router<RouteHandler>): ApiGet {
  return async (path) => {
    const url = new URL(path, ctx.url);
    const match = router.match("GET", url.pathname);
    if (match.kind !== "found") {
      return { ok: false, status: 404, code: "not_found", message: `the server has no route GET ${url.pathname} yet` };
    }
    const headers = new Headers(ctx.request.headers);
    headers.set("accept", "application/json");
    headers.delete("accept-encoding");
    const request = new Request(url, { method: "GET", headers, signal: ctx.request.signal });
    const sub: RequestContext = { ...ctx, request, url, params: match.params };
    let response: Response;
    try {
      response = await match.handler(sub);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, status: error.status, code: error.code, message: error.message };
      ctx.log.error("page data call failed", { requestId: ctx.requestId, path: url.pathname, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, status: 500, code: "internal", message: "internal error; the server log has details under this request id" };
    }
    return readJson(response);
  };
}

async function readJson(response: Response): Promise<ApiResult> {
  const type = response.headers.get("content-type") ?? "";
  // YAML views come back as text; the page gets the string.
  if (response.ok && /yaml|text\/plain/.test(type)) return { ok: true, status: response.status, data: await response.text() };
  if (!type.includes("json")) {
    await response.body?.cancel();
    return { ok: false, status: response.status, code: "not_json", message: `expected JSON, got ${type || "no content type"}` };
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    return { ok: false, status: response.status, code: "bad_json", message: "the API answered with malformed JSON" };
  }
  if (response.ok) return { ok: true, status: response.status, data };
  const body = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
  return {
    ok: false,
    status: response.status,
    code: typeof body.code === "string" ? body.code : "error",
    message: typeof body.message === "string" ? body.message : `HTTP ${response.status}`,
  };
}
