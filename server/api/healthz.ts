import type { RouteHandler } from "../http/context.ts";

/** Liveness/readiness probe: plain `ok`, no auth, no cluster calls. */
export function healthz(): RouteHandler {
  return () => new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8" } });
}
