/**
 * The apiserver fetch (server/platform/http-fetch.ts) against real node:http/node:https servers: whole-body reads
 * (json/text/arrayBuffer, which skip the web stream) return what the stream returns, the stream still streams,
 * aborts and broken connections reject, and keep-alive connections are reused on HTTP and HTTPS.
 */
import t from "tap";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { createHttpFetch } from "../../server/platform/http-fetch.ts";
import { createTestCa } from "../support/pki.ts";

// A multi-megabyte JSON body (many socket chunks) with non-ASCII text, built by code.
const big = {
  kind: "Table",
  rows: Array.from({ length: 20_000 }, (_, i) => ({ cells: [`pod-${i}`, "1/1", "Running", "ünïcode ✓"], object: { metadata: { name: `pod-${i}`, labels: { app: `a${i % 7}` } } } })),
};
const bigText = JSON.stringify(big);

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes: Record<string, Route> = {
  "/big": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(bigText);
  },
  "/small": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  },
  // Sends half the body, then never finishes (for aborts).
  "/stall": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000000" });
    res.write('{"rows":[' + "1,".repeat(1000));
  },
  // Sends half the body, then drops the connection.
  "/broken": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000000" });
    res.write('{"rows":[' + "1,".repeat(1000), () => setTimeout(() => res.socket?.destroy(), 20));
  },
  "/chunks": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first ");
    setTimeout(() => res.end("second"), 100);
  },
};

function attach(server: http.Server | https.Server): { connections: () => number } {
  let connections = 0;
  server.on(server instanceof https.Server ? "secureConnection" : "connection", () => connections++);
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => (routes[new URL(req.url ?? "/", "http://x").pathname] ?? ((_, r) => r.writeHead(404).end()))(req, res));
  return { connections: () => connections };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function streamed(response: Response): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

const plain = http.createServer();
const plainStats = attach(plain);
const port = await listen(plain);
const base = `http://127.0.0.1:${port}`;
t.teardown(() => void plain.close());
plain.keepAliveTimeout = 10_000;

t.test("whole-body reads equal the streamed body", async (t) => {
  const fetch = createHttpFetch();
  const viaStream = await streamed(await fetch(`${base}/big`));
  t.equal(Buffer.from(viaStream).toString("utf8"), bigText, "the stream carries the whole body");
  t.same(await (await fetch(`${base}/big`)).json(), big, "json()");
  t.equal(await (await fetch(`${base}/big`)).text(), bigText, "text()");
  t.same(new Uint8Array(await (await fetch(`${base}/big`)).arrayBuffer()), viaStream, "arrayBuffer()");
  t.same(new Uint8Array(await (await fetch(`${base}/small`)).arrayBuffer()), new TextEncoder().encode('{"ok":true}'), "small body");
});

t.test("a body is read once, whichever way", async (t) => {
  const fetch = createHttpFetch();
  const a = await fetch(`${base}/small`);
  t.same(await a.json(), { ok: true });
  await t.rejects(a.body!.getReader().read(), TypeError, "stream after a whole read");
  const a2 = await fetch(`${base}/small`);
  t.same(await a2.json(), { ok: true });
  await t.rejects(a2.text(), TypeError, "second whole read");

  const b = await fetch(`${base}/small`);
  const reader = b.body!.getReader();
  await t.rejects(b.json(), TypeError, "whole read while the stream is locked");
  await reader.cancel();

  const c = await fetch(`${base}/big`);
  const copy = c.clone();
  t.same(await c.json(), big, "clone(): the original still reads");
  t.same(await copy.json(), big, "clone(): the copy reads too");
});

t.test("the stream still streams", async (t) => {
  const fetch = createHttpFetch();
  const reader = (await fetch(`${base}/chunks`)).body!.getReader();
  t.equal(new TextDecoder().decode((await reader.read()).value), "first ", "first chunk before the second exists");
  t.equal(new TextDecoder().decode((await reader.read()).value), "second");
  t.ok((await reader.read()).done);
});

t.test("abort during a whole-body read rejects with the reason", async (t) => {
  const fetch = createHttpFetch();
  const controller = new AbortController();
  const response = await fetch(`${base}/stall`, { signal: controller.signal });
  const reading = response.json();
  const reason = new Error("stop");
  setTimeout(() => controller.abort(reason), 50);
  await t.rejects(reading, reason);
});

t.test("abort before the stream is first pulled rejects the stream read", async (t) => {
  const fetch = createHttpFetch();
  const controller = new AbortController();
  const response = await fetch(`${base}/stall`, { signal: controller.signal });
  controller.abort(new Error("stop"));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const reader = response.body!.getReader();
  await t.rejects(
    (async () => {
      for (;;) if ((await reader.read()).done) break;
    })(),
  );
});

t.test("a connection dropped mid-body rejects", async (t) => {
  const fetch = createHttpFetch();
  await t.rejects((await fetch(`${base}/broken`)).json(), TypeError);
  await t.rejects((await fetch(`${base}/broken`)).arrayBuffer(), TypeError);
});

t.test("keep-alive: HTTP requests in sequence share one connection", async (t) => {
  const fetch = createHttpFetch();
  const before = plainStats.connections();
  for (let i = 0; i < 5; i++) await (await fetch(`${base}/small`)).json();
  await (await fetch(`${base}/big`)).arrayBuffer();
  t.equal(plainStats.connections() - before, 1);
});

t.test("keep-alive: HTTPS requests in sequence share one TLS connection", async (t) => {
  const ca = await createTestCa();
  const cert = await ca.issue({ commonName: "127.0.0.1", server: true, hosts: ["127.0.0.1"] });
  const secure = https.createServer({ cert: cert.cert, key: cert.key });
  secure.keepAliveTimeout = 10_000;
  const stats = attach(secure);
  const securePort = await listen(secure);
  t.teardown(() => void secure.close());
  const fetch = createHttpFetch({ ca: ca.cert });
  for (let i = 0; i < 5; i++) t.same(await (await fetch(`https://127.0.0.1:${securePort}/small`)).json(), { ok: true });
  t.same(await (await fetch(`https://127.0.0.1:${securePort}/big`)).json(), big);
  t.equal(stats.connections(), 1);
});
