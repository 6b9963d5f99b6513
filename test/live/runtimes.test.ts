/**
 * The real entry point (server/main.ts) on Node and Deno with the built-in demo cluster: one watch stream and one
 * exec session end to end, the boot line for unknown PERISCOPE_WATCH_STREAMS tokens, and SIGTERM → server_shutdown.
 */
import t from "tap";
import { RUNTIMES, listeningPort, startChild } from "../support/runtimes.ts";
import { SseClient } from "./sse-client.ts";
import { connectExec, isRefused } from "./ws-client.ts";

for (const runtime of RUNTIMES) {
  t.test(`live routes through server/main.ts on ${runtime}`, async (t) => {
    const child = startChild(runtime, "server/main.ts", {
      env: {
        PORT: "0",
        PERISCOPE_HOST: "127.0.0.1",
        PERISCOPE_AUTH_FILE: "",
        PERISCOPE_CLUSTERS_FILE: "",
        PERISCOPE_AUDIT_ENABLED: "false",
        PERISCOPE_WATCH_STREAMS: "core, deploymens, networking",
      },
    });
    t.teardown(() => void child.process.kill("SIGKILL"));
    const port = await listeningPort(child);
    t.ok(port > 0, `listening (${child.stderr().slice(0, 500)})`);
    const base = `http://127.0.0.1:${port}`;
    const warning = child.lines.find((l) => l.includes("PERISCOPE_WATCH_STREAMS"));
    t.match(warning, /ignoring unknown kind\(s\) \\"deploymens\\"/, "one clear boot line names the unknown token");

    const features = await (await fetch(`${base}/api/features`)).json();
    t.same(features.watchStreams.kinds, ["pods", "events", "services", "ingresses", "networkpolicies", "endpointslices", "ingressclasses"]);

    const watch = await SseClient.open(`${base}/api/clusters/demo/resources/pods/watch?namespace=shop`);
    t.equal(watch.response.status, 200);
    const snapshot = await watch.next("snapshot", 20_000);
    const running = snapshot.data.rows.find((r: { cells: unknown[] }) => r.cells[2] === "Running");
    t.ok(running, "a running pod in the demo world");

    const exec = await connectExec(`ws://127.0.0.1:${port}/api/clusters/demo/pods/shop/${running.name}/exec?command=sh&command=-c&command=echo%20hi%20from%20${runtime}%3B%20exit%203&tty=false`, {});
    if (isRefused(exec)) {
      t.fail(`exec refused ${exec.status} ${JSON.stringify(exec.body)}`);
    } else {
      const closed = await exec.nextControl("closed", 20_000);
      t.equal(exec.output(), `hi from ${runtime}\n`);
      t.equal(closed.exitCode, 3);
    }

    const more: SseClient[] = [];
    for (let i = 0; i < 19; i++) {
      const s = await SseClient.open(`${base}/api/clusters/demo/resources/${i % 2 ? "events" : "services"}/watch?namespace=shop`);
      await s.next("snapshot", 20_000);
      more.push(s);
    }
    child.process.kill("SIGTERM");
    for (const s of [watch, ...more]) {
      const shutdown = await s.next("server_shutdown", 10_000);
      t.ok(shutdown.data.message, "server_shutdown");
    }
    t.pass("all 20 open watch streams got server_shutdown");
    const exit = await child.exited;
    t.equal(exit.code, 0, `exit 0 (${child.stderr().slice(0, 800)})`);
  });
}
