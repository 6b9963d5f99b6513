import t from "tap";
import type { Socket } from "../../server/platform/types.ts";
import { WebSocketHandshakeError } from "../../server/platform/types.ts";
import { installExtras } from "../../server/demo/world/install.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterRegistry } from "../../server/clusters/registry.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { pod } from "../api/fixtures.ts";
import { USERS, startHarness } from "../api/harness.ts";

/** Runs a command through the v5 exec protocol and returns stdout (channel 1) once the socket closes. */
function collect(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    socket.onMessage((data) => {
      if (typeof data !== "string" && data[0] === 1) out += new TextDecoder().decode(data.subarray(1));
    });
    socket.onClose(() => resolve(out));
  });
}

const exec = (clusters: ClusterRegistry, cluster: string, user: keyof typeof USERS, namespace: string, name: string, container?: string) =>
  clusters.client(cluster, USERS[user], "req-exec").socket({
    path: `/api/v1/namespaces/${namespace}/pods/${name}/exec`,
    query: { command: ["echo", "hello", "world"], stdout: "true", stderr: "true", container },
    protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
  });

t.test("over wss to a real listener: impersonated, RBAC-checked", async (t) => {
  const h = await startHarness({ simulator: { seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }, pod("shop", "web-1")] } });
  t.teardown(() => h.close());
  installExtras(h.sim.sim, { platform: await loadPlatform() });
  const socket = await exec(h.clusters, "test", "writer", "shop", "web-1");
  t.equal(socket.protocol, "v5.channel.k8s.io");
  t.equal(await collect(socket), "hello world\n");
  const refused = await exec(h.clusters, "test", "reader", "shop", "web-1").catch((e: unknown) => e);
  t.ok(refused instanceof WebSocketHandshakeError);
  t.equal((refused as WebSocketHandshakeError).status, 403);
  t.match((refused as WebSocketHandshakeError).body, /User \\?"reader@example\.com\\?" cannot create resource \\?"pods\/exec\\?"/);
});

t.test("the in-process demo cluster opens exec sockets without a network", async (t) => {
  const platform = await loadPlatform();
  const clusters = await createClusterRegistry([{ name: "demo", backend: "demo" }], { platform, log: createLogger("error", () => undefined), env: {}, configSource: "t" }, {
    demo: (config, d) => createDemoBackend(config, d, { world: { seed: "socket-test" }, churn: false }),
  });
  t.teardown(() => clusters.close());
  const pods = (await clusters.client("demo", USERS.admin).json({ path: "/api/v1/namespaces/shop/pods", query: { fieldSelector: "status.phase=Running" } })) as { items: Array<{ metadata: { name: string }; spec: { containers: Array<{ name: string }> }; status: { containerStatuses?: Array<{ state?: { running?: unknown } }> } }> };
  const running = pods.items.find((p) => p.status.containerStatuses?.every((c) => c.state?.running));
  t.ok(running, "a running pod in the demo world");
  const socket = await exec(clusters, "demo", "writer", "shop", running!.metadata.name, running!.spec.containers[0]!.name);
  t.equal(await collect(socket), "hello world\n");
});
