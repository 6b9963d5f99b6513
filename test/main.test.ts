import t from "tap";
import { createServer } from "node:net";
import { RUNTIMES, listeningPort, startChild } from "./support/runtimes.ts";

function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(0, "::1", () => probe.close(() => resolve(true)));
  });
}

/** The real entry point on each runtime: health, JSON 404s, and SIGTERM closing an open SSE stream with a final event. */
for (const runtime of RUNTIMES) {
  t.test(`server/main.ts on ${runtime}`, async (t) => {
    const child = startChild(runtime, "server/main.ts", {
      env: { PORT: "0", PERISCOPE_HOST: "", PERISCOPE_AUTH_FILE: "", PERISCOPE_CLUSTERS_FILE: "", PERISCOPE_AUDIT_ENABLED: "false" },
    });
    t.teardown(() => void child.process.kill("SIGKILL"));
    const port = await listeningPort(child);
    t.ok(port > 0, `listening (${child.stderr().slice(0, 500)})`);
    const base = `http://127.0.0.1:${port}`;

    // Without PERISCOPE_HOST the server listens on every address: IPv4 and, where the machine has it, IPv6.
    if (await hasIpv6Loopback()) {
      const v6 = await fetch(`http://[::1]:${port}/healthz`);
      t.equal(await v6.text(), "ok", "answers on IPv6 loopback");
    }
    const health = await fetch(`${base}/healthz`);
    t.equal(health.status, 200);
    t.equal(await health.text(), "ok");
    t.match(health.headers.get("content-type"), /^text\/plain/);
    t.match(health.headers.get("x-request-id"), /^[0-9a-f-]{36}$/);

    const missing = await fetch(`${base}/api/no-such-route`);
    t.equal(missing.status, 404);
    t.match(missing.headers.get("content-type"), /application\/json/);
    t.match(await missing.json(), { code: "not_found", requestId: String });

    const stream = await fetch(`${base}/api/events`, { headers: { accept: "text/event-stream" } });
    t.equal(stream.status, 200);
    t.equal(stream.headers.get("x-accel-buffering"), "no");
    const reader = stream.body!.getReader();
    let text = "";
    while (!text.includes("event: hello")) text += new TextDecoder().decode((await reader.read()).value);

    child.process.kill("SIGTERM");
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    t.match(text, /event: server_shutdown\ndata: \{"message":/, "the open stream got a final server_shutdown event");
    const exit = await child.exited;
    t.equal(exit.code, 0, `exit code 0 (${JSON.stringify(exit)} ${child.stderr().slice(0, 800)})`);

    // Log lines are buffered per event-loop turn: none may be lost on shutdown, and each request has its access line.
    await new Promise((r) => setTimeout(r, 50));
    const records = child.lines.map((l) => JSON.parse(l) as { msg?: string; requestId?: string; path?: string; status?: number });
    const access = (id: string | null) => records.find((r) => r.msg === "request" && r.requestId === id);
    t.match(access(health.headers.get("x-request-id")), { path: "/healthz", status: 200 }, "access line for /healthz");
    t.match(access(stream.headers.get("x-request-id")), { path: "/api/events", status: 200 }, "access line for the stream");
    t.equal(records.at(-1)?.msg, "stopped", "the last line before exit is written");
  });
}
