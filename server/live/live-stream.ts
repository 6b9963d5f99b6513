/**
 * Opening one live SSE stream (watch or logs) for a user: the per-user cap (429 JSON beyond it), the SSE response
 * with heartbeats and a bounded buffer, registration for shutdown, and `auth_expired` when the session ends.
 */
import type { Identity } from "../auth/identity.ts";
import type { RequestContext } from "../http/context.ts";
import { AppError } from "../http/errors.ts";
import { openSse } from "../http/sse.ts";
import type { SseWriter } from "../http/sse.ts";
import type { LiveDeps } from "./live-deps.ts";

/** Throws 429 `too_many_streams` when the user already holds the configured number of streams. */
export function checkStreamCap(deps: LiveDeps, identity: Identity): void {
  const limit = deps.settings.perUserLimit;
  if (limit <= 0) return;
  const open = deps.streams.countFor(identity.subject);
  if (open >= limit) {
    throw new AppError(429, "too_many_streams", `you already have ${open} live streams open (the limit is ${limit}); close a tab or list and try again`, {
      details: { limit, open },
      headers: { "retry-after": "5" },
    });
  }
}

export function openLiveStream(ctx: RequestContext, deps: LiveDeps, identity: Identity, kind: string): { response: Response; writer: SseWriter } {
  checkStreamCap(deps, identity);
  const { response, writer } = openSse({
    signal: ctx.request.signal,
    heartbeatMs: deps.settings.heartbeatMs,
    maxBufferedBytes: deps.settings.maxBufferedBytes,
  });
  deps.streams.add(writer, { kind, owner: identity.subject, openedAt: Date.now() });
  const stop = deps.guard.watch(identity, () => writer.close({ event: "auth_expired", data: { message: "your session has ended; sign in again" } }));
  writer.signal.addEventListener("abort", stop, { once: true });
  return { response, writer };
}

/** Resolves once the client has taken enough of its backlog (or the stream closed). */
export async function drained(writer: SseWriter, belowBytes: number, pollMs = 50): Promise<void> {
  while (!writer.closed && writer.bufferedBytes > belowBytes) {
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
