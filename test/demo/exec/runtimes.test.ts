/** Exec, logs and world generation behave the same when the server runs on Node and on Deno. */
import t from "tap";
import { loadPlatform } from "../../../server/platform/load.ts";
import { RUNTIMES, startChild } from "../../support/runtimes.ts";
import { openExec } from "./exec-client.ts";

const platform = await loadPlatform();

for (const runtime of RUNTIMES) {
  t.test(`server on ${runtime}`, async (t) => {
    const child = startChild(runtime, "test/demo/exec/runtime-fixture.ts");
    t.teardown(async () => {
      child.process.kill("SIGKILL");
      await child.exited;
    });
    const { port } = await child.firstJson<{ port: number }>(60_000);
    const base = `127.0.0.1:${port}/api/v1/namespaces/shop/pods/p`;

    const world = (await (await fetch(`http://127.0.0.1:${port}/world`)).json()) as { objects: number; helmSecrets: number };
    t.ok(world.objects > 300 && world.helmSecrets === 9, "world generated, Helm releases gzip-encoded");

    const c = await openExec(platform, `ws://${base}/exec?command=sh&command=-c&command=echo%20up;exit%205&stdout=true&stderr=true`, ["v5.channel.k8s.io"]);
    await c.closed;
    t.same(c.frames[0], { channel: 1, text: "" }, "hello frame reaches the client");
    t.equal(c.text(1), "up\n");
    t.match(JSON.parse(c.text(3)), { reason: "NonZeroExitCode", details: { causes: [{ message: "5" }] } });

    const cat = await openExec(platform, `ws://${base}/exec?command=cat&stdin=true&stdout=true`, ["v5.channel.k8s.io"]);
    await cat.until((f) => f.length > 0);
    cat.send(0, "ping");
    cat.send(255, new Uint8Array([0]));
    await cat.closed;
    t.equal(cat.text(1), "ping");

    const controller = new AbortController();
    const res = await fetch(`http://${base}/log?follow=true&tailLines=1`, { signal: controller.signal });
    const reader = res.body!.getReader();
    let text = "";
    while (text.split("\n").length < 5) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => {});
    t.ok(text.split("\n").length >= 5, "follow streams new lines");
  });
}
