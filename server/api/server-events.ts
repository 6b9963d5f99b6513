import type { RouteHandler } from "../http/context.ts";
import { openSse } from "../http/sse.ts";
import type { StreamRegistry } from "../http/sse.ts";

/**
 * `GET /api/events`: a server status stream for the UI. Sends `hello`, then heartbeats; ends with
 * `server_shutdown` when the server stops, so pages can show "reconnecting" instead of hanging.
 */
export function serverEvents(streams: StreamRegistry): RouteHandler {
  return (ctx) => {
    const { response, writer } = openSse({ signal: ctx.request.signal });
    writer.send("hello", { requestId: ctx.requestId, time: new Date().toISOString() });
    streams.add(writer, { kind: "server-events", owner: "anonymous", openedAt: Date.now() });
    return response;
  };
}
