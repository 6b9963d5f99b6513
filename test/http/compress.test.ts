import t from "tap";
import { acceptsGzip, compressResponse, gzipBytes } from "../../server/http/compress.ts";
import { gunzip } from "../pages/harness.ts";

const req = (encoding?: string, method = "GET") =>
  new Request("http://x/", { method, headers: encoding === undefined ? {} : { "accept-encoding": encoding } });
const big = "periscope ".repeat(500);

t.test("Accept-Encoding parsing", async (t) => {
  t.equal(acceptsGzip(req("gzip, deflate, br")), true);
  t.equal(acceptsGzip(req("br;q=1.0, gzip;q=0.5")), true);
  t.equal(acceptsGzip(req("*")), true);
  t.equal(acceptsGzip(req("gzip;q=0")), false, "q=0 means not acceptable");
  t.equal(acceptsGzip(req("identity")), false);
  t.equal(acceptsGzip(req()), false);
});

t.test("text responses are gzipped and decode to the original", async (t) => {
  const out = compressResponse(req("gzip"), new Response(big, { headers: { "content-type": "text/html; charset=utf-8" } }));
  t.equal(out.headers.get("content-encoding"), "gzip");
  t.match(out.headers.get("vary") ?? "", /Accept-Encoding/i);
  const bytes = await out.arrayBuffer();
  t.ok(bytes.byteLength < big.length / 10, `gzip shrank ${big.length} to ${bytes.byteLength}`);
  t.equal(await gunzip(bytes), big);
});

t.test("a body with a declared length is gzipped in one piece and decodes to the original", async (t) => {
  const json = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ name: `pod-${i}` })) });
  const length = String(new TextEncoder().encode(json).byteLength);
  const out = compressResponse(req("gzip"), new Response(json, { status: 201, headers: { "content-type": "application/json", "content-length": length } }));
  t.equal(out.status, 201);
  t.equal(out.headers.get("content-encoding"), "gzip");
  t.equal(out.headers.get("content-length"), null, "the plain length no longer applies");
  t.match(out.headers.get("vary") ?? "", /Accept-Encoding/i);
  t.equal(await gunzip(await out.arrayBuffer()), json);
  const big = "x".repeat(200 * 1024);
  const large = compressResponse(req("gzip"), new Response(big, { headers: { "content-type": "text/plain", "content-length": String(big.length) } }));
  t.equal(await gunzip(await large.arrayBuffer()), big, "above the inline size (thread pool) as well");
});

t.test("what is left alone", async (t) => {
  const sse = compressResponse(req("gzip"), new Response(big, { headers: { "content-type": "text/event-stream" } }));
  t.equal(sse.headers.get("content-encoding"), null, "event streams are never buffered through gzip");
  const small = compressResponse(req("gzip"), new Response("ok", { headers: { "content-type": "text/plain", "content-length": "2" } }));
  t.equal(small.headers.get("content-encoding"), null, "tiny bodies stay plain");
  const png = compressResponse(req("gzip"), new Response(big, { headers: { "content-type": "image/png" } }));
  t.equal(png.headers.get("content-encoding"), null, "binary types stay plain");
  const plain = compressResponse(req(), new Response(big, { headers: { "content-type": "application/json" } }));
  t.equal(plain.headers.get("content-encoding"), null, "no gzip without Accept-Encoding");
  t.match(plain.headers.get("vary") ?? "", /Accept-Encoding/i, "but caches still learn it varies");
  t.equal(await plain.text(), big);
  const already = compressResponse(req("gzip"), new Response(big, { headers: { "content-type": "text/plain", "content-encoding": "br" } }));
  t.equal(already.headers.get("content-encoding"), "br");
});

t.test("gzipBytes round-trips", async (t) => {
  const bytes = await gzipBytes(new TextEncoder().encode(big));
  t.equal(await gunzip(bytes.buffer as ArrayBuffer), big);
});

t.test("JSON already in memory (jsonResponse) is gzipped at once and keeps a declared length", async (t) => {
  const { jsonResponse } = await import("../../server/http/json-response.ts");
  const { knownBytes } = await import("../../server/platform/known-body.ts");
  const body = { rows: Array.from({ length: 300 }, (_, i) => ({ name: `pod-${i}`, note: "é😀" })) };
  const out = compressResponse(req("gzip"), jsonResponse(body, { status: 203, headers: { "x-extra": "1" } }));
  t.equal(out.status, 203);
  t.equal(out.headers.get("content-encoding"), "gzip");
  t.equal(out.headers.get("x-extra"), "1");
  const gzipped = knownBytes(out);
  t.ok(gzipped, "the gzipped bytes are known, so the Node adapter writes them in one call");
  t.equal(out.headers.get("content-length"), String(gzipped!.byteLength));
  t.equal(gzipped![8], 4, "compressed at zlib's fastest level (gzip header XFL = 4)");
  t.same(JSON.parse(await gunzip(await out.arrayBuffer())), body);
  t.equal(knownBytes(out), undefined, "a body that was read is no longer offered as known bytes");

  const read = jsonResponse(body);
  const reader = read.body!.getReader();
  t.equal(knownBytes(read), undefined, "nor one that is locked to a reader");
  reader.releaseLock();
});
