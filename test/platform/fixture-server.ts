/**
 * A server built only on the platform seam, started as a child process on Node or Deno by the platform tests,
 * so both runtimes face the same checks. Prints `{"port": n}` once listening.
 */
import { bytesResponse } from "../../server/platform/known-body.ts";
import { loadPlatform } from "../../server/platform/load.ts";

const platform = await loadPlatform();
let aborted = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const server = await platform.serve(
  async (request) => {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/runtime":
        return Response.json({ runtime: platform.runtime });
      case "/stream": {
        // Chunks spaced in time: the client must see the first before the last is produced.
        const n = Number(url.searchParams.get("n") ?? 3);
        const body = new ReadableStream<Uint8Array>({
          async start(c) {
            for (let i = 0; i < n; i++) {
              c.enqueue(new TextEncoder().encode(`chunk ${i} at ${Date.now()}\n`));
              await sleep(150);
            }
            c.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/plain" } });
      }
      case "/hang":
        // Resolves only when the client goes away; counts aborts for /aborted.
        await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve(), { once: true }));
        aborted++;
        return new Response("gone");
      case "/aborted":
        return Response.json({ aborted });
      case "/known-bytes": {
        // Every byte value, from a response whose bytes are known (Node writes them without the body stream).
        const bytes = new Uint8Array(70_000).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
        return bytesResponse(bytes, { status: 202, headers: { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } });
      }
      case "/cookies": {
        const h = new Headers();
        h.append("set-cookie", "a=1; Path=/; HttpOnly");
        h.append("set-cookie", "b=2; Path=/; SameSite=Lax");
        return new Response("two cookies", { headers: h });
      }
      case "/echo-body": {
        const bytes = new Uint8Array(await request.arrayBuffer());
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
        return Response.json({ length: bytes.length, sha256: hex, contentType: request.headers.get("content-type") });
      }
      case "/ws": {
        const { socket, response } = platform.upgradeWebSocket(request, { protocol: "echo.v1" });
        // Sent before the handshake completes: must not be lost on either runtime.
        socket.send("welcome");
        socket.onMessage((data) => {
          if (data === "close") socket.close(4000, "bye");
          else socket.send(typeof data === "string" ? `echo:${data}` : data);
        });
        return response;
      }
      case "/ws-refuse":
        return Response.json({ code: "forbidden" }, { status: 403 });
      default:
        return new Response("not found", { status: 404 });
    }
  },
  { hostname: "127.0.0.1", port: 0 },
);
process.stdout.write(JSON.stringify({ port: server.port, runtime: platform.runtime }) + "\n");
process.on("SIGTERM", () => void server.close(500).then(() => process.exit(0)));
