/**
 * Outgoing connections through the platform seam, run as a child process on Node or Deno: a WebSocket with custom
 * headers and a subprotocol, and a fetch, both to TLS servers that require a client certificate.
 * Input: JSON on argv[2] {wsUrl, httpsUrl, ca, cert, key}. Output: one JSON line of results.
 */
import { loadPlatform } from "../../server/platform/load.ts";

interface Input {
  wsUrl: string;
  httpsUrl: string;
  ca: string;
  cert: string;
  key: string;
}
const input = JSON.parse(process.argv[2] ?? process.env.FIXTURE_INPUT ?? "{}") as Input;
const platform = await loadPlatform();
const tls = { ca: input.ca, cert: input.cert, key: input.key };
const results: Record<string, unknown> = { runtime: platform.runtime };

try {
  const res = await platform.createFetch(tls)(input.httpsUrl);
  results.fetch = { status: res.status, body: await res.json() };
} catch (error) {
  results.fetch = { error: String(error) };
}

try {
  const res = await platform.createFetch(tls)(input.httpsUrl, {
    method: "POST",
    headers: [
      ["impersonate-group", "a"],
      ["impersonate-group", "b"],
    ],
    body: "payload",
  });
  const body = (await res.json()) as { raw: string[]; body: string };
  const groups: string[] = [];
  for (let i = 0; i < body.raw.length; i += 2) if (body.raw[i]!.toLowerCase() === "impersonate-group") groups.push(body.raw[i + 1]!);
  results.repeatedHeaders = { groups, body: body.body };
} catch (error) {
  results.repeatedHeaders = { error: String(error) };
}

try {
  await platform.createFetch({ ca: input.ca })(input.httpsUrl);
  results.fetchWithoutCert = { status: "unexpectedly succeeded" };
} catch {
  results.fetchWithoutCert = { rejected: true };
}

try {
  const socket = await platform.connectWebSocket(input.wsUrl, {
    protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
    headers: { authorization: "Bearer t0ken", "x-custom": "yes" },
    tls,
  });
  const messages: Array<string | number[]> = [];
  const closed = new Promise<[number, string]>((resolve) => socket.onClose((code, reason) => resolve([code, reason])));
  socket.onMessage((d) => messages.push(typeof d === "string" ? d : [...d]));
  socket.send(new Uint8Array([0, 104, 105]));
  socket.send("text");
  await new Promise((r) => setTimeout(r, 200));
  socket.close(1000, "done");
  const [code] = await closed;
  results.ws = { protocol: socket.protocol, messages, closeCode: code };
} catch (error) {
  results.ws = { error: String(error) };
}

process.stdout.write(JSON.stringify(results) + "\n");
process.exit(0);
