import t from "tap";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { WebSocket, WebSocketServer } from "ws";
import { createTestCa } from "../support/pki.ts";
import { RUNTIMES, startChild } from "../support/runtimes.ts";

const FIXTURE_SERVER = "test/platform/fixture-server.ts";
const FIXTURE_CLIENT = "test/platform/fixture-client.ts";

for (const runtime of RUNTIMES) {
  t.test(`serve() on ${runtime}`, async (t) => {
    const child = startChild(runtime, FIXTURE_SERVER);
    t.teardown(() => void child.process.kill("SIGKILL"));
    const { port } = await child.firstJson<{ port: number }>();
    const base = `http://127.0.0.1:${port}`;

    t.test("answers on the expected runtime", async (t) => {
      t.same(await (await fetch(`${base}/runtime`)).json(), { runtime });
    });

    t.test("streams a body chunk by chunk instead of buffering it", async (t) => {
      const res = await fetch(`${base}/stream?n=4`);
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      t.match(first, /^chunk 0 /, "first read holds the first chunk");
      t.notMatch(first, /chunk 3/, "the last chunk was not produced yet when the first arrived");
      let rest = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += new TextDecoder().decode(value);
      }
      t.match(rest, /chunk 3/);
    });

    t.test("aborts the request signal when the client disconnects", async (t) => {
      const before = ((await (await fetch(`${base}/aborted`)).json()) as { aborted: number }).aborted;
      const controller = new AbortController();
      const pending = fetch(`${base}/hang`, { signal: controller.signal }).catch(() => "aborted");
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      t.equal(await pending, "aborted");
      let after = before;
      for (let i = 0; i < 50 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = ((await (await fetch(`${base}/aborted`)).json()) as { aborted: number }).aborted;
      }
      t.equal(after, before + 1, "the handler saw its signal abort");
    });

    t.test("sends multiple Set-Cookie headers separately", async (t) => {
      const res = await fetch(`${base}/cookies`);
      t.same(res.headers.getSetCookie(), ["a=1; Path=/; HttpOnly", "b=2; Path=/; SameSite=Lax"]);
    });

    t.test("writes a response whose bytes are known intact, with its status and length", async (t) => {
      const res = await fetch(`${base}/known-bytes`);
      t.equal(res.status, 202);
      t.equal(res.headers.get("content-length"), "70000");
      const bytes = new Uint8Array(await res.arrayBuffer());
      t.equal(bytes.byteLength, 70_000);
      t.ok(bytes.every((b, i) => b === ((i * 7 + (i >> 8)) & 0xff)), "every byte as sent");
    });

    t.test("reads a large streamed request body intact", async (t) => {
      const body = new Uint8Array(1 << 20).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
      const res = await fetch(`${base}/echo-body`, {
        method: "POST",
        body,
        headers: { "content-type": "application/octet-stream" },
      });
      t.same(await res.json(), { length: body.length, sha256: hex, contentType: "application/octet-stream" });
    });

    t.test("upgrades to a WebSocket with the chosen subprotocol and echoes", async (t) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ["other", "echo.v1"]);
      const next = () => new Promise<[Buffer, boolean]>((r) => ws.once("message", (d: Buffer, bin: boolean) => r([d, bin])));
      const welcome = next();
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      t.equal(ws.protocol, "echo.v1");
      t.equal((await welcome)[0].toString(), "welcome", "a frame sent right after the upgrade arrives");
      let reply = next();
      ws.send("hi");
      const [text, textIsBinary] = await reply;
      t.equal(text.toString(), "echo:hi");
      t.equal(textIsBinary, false);
      reply = next();
      ws.send(Buffer.from([1, 2, 3]));
      const [bin, binIsBinary] = await reply;
      t.same([...bin], [1, 2, 3]);
      t.equal(binIsBinary, true);
      const closed = new Promise<number>((r) => ws.once("close", (code: number) => r(code)));
      ws.send("close");
      t.equal(await closed, 4000, "server-initiated close code arrives");
    });

    t.test("a handler can refuse an upgrade with a JSON error", async (t) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws-refuse`);
      const status = await new Promise<number>((resolve) => {
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("open", () => resolve(101));
        ws.once("error", () => {});
      });
      t.equal(status, 403);
    });
  });
}

t.test("outgoing fetch and WebSocket with a custom CA and a client certificate", async (t) => {
  const ca = await createTestCa();
  const serverCert = await ca.issue({ commonName: "localhost", server: true });
  const clientCert = await ca.issue({ commonName: "alice", organizations: ["ops"], client: true });
  const seenHeaders: Array<Record<string, string | string[] | undefined>> = [];
  const server = https.createServer(
    { cert: serverCert.cert, key: serverCert.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const subject = (req.socket as TLSSocket).getPeerCertificate().subject;
      let body = "";
      req.setEncoding("utf8").on("data", (c: string) => (body += c));
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(req.method === "POST" ? { raw: req.rawHeaders, body } : { cn: subject.CN }));
      });
    },
  );
  const wss = new WebSocketServer({ server, handleProtocols: (offered) => (offered.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : false) });
  wss.on("connection", (ws, req) => {
    seenHeaders.push({ ...req.headers, cn: (req.socket as TLSSocket).getPeerCertificate().subject.CN as string });
    ws.on("message", (data: Buffer, isBinary: boolean) => ws.send(isBinary ? data : `echo:${data.toString()}`, { binary: isBinary }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.teardown(() => {
    wss.close();
    server.closeAllConnections();
    server.close();
  });
  const port = (server.address() as AddressInfo).port;
  const input = JSON.stringify({
    wsUrl: `wss://127.0.0.1:${port}/exec`,
    httpsUrl: `https://127.0.0.1:${port}/`,
    ca: ca.cert,
    cert: clientCert.cert,
    key: clientCert.key,
  });

  for (const runtime of RUNTIMES) {
    t.test(runtime, async (t) => {
      const before = seenHeaders.length;
      const child = startChild(runtime, FIXTURE_CLIENT, { env: { FIXTURE_INPUT: input } });
      const out = await child.firstJson<Record<string, any>>(30_000);
      t.equal(out.runtime, runtime);
      t.same(out.fetch, { status: 200, body: { cn: "alice" } }, "fetch presented the client certificate and trusted the CA");
      t.same(out.repeatedHeaders, { groups: ["a", "b"], body: "payload" }, "repeated headers arrive as separate lines");
      t.same(out.fetchWithoutCert, { rejected: true }, "without the client certificate the server refuses");
      t.equal(out.ws?.protocol, "v5.channel.k8s.io", `subprotocol agreed (${JSON.stringify(out.ws)})`);
      t.same(out.ws?.messages, [[0, 104, 105], "echo:text"], "binary and text frames round-trip");
      t.equal(seenHeaders.length, before + 1);
      const h = seenHeaders[before]!;
      t.equal(h.authorization, "Bearer t0ken", "custom Authorization header sent");
      t.equal(h["x-custom"], "yes");
      t.equal(h.cn, "alice", "client certificate presented on the WebSocket");
    });
  }
});
