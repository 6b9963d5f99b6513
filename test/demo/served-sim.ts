/**
 * The simulator served over HTTPS with a throw-away CA, plus a kubeconfig with three identities:
 * `admin` (client certificate in system:masters), `viewer` (token bound to `view`) and `impersonator`
 * (a service account allowed only to impersonate). Used by the tests and by the `npm run sim` CLI.
 */
import { stringify } from "yaml";
import { loadPlatform } from "../../server/platform/load.ts";
import type { Server } from "../../server/platform/types.ts";
import { impersonatorObjects, bindClusterRole } from "../../server/demo/access.ts";
import { createSimulator } from "../../server/demo/simulator.ts";
import type { Simulator, SimulatorOptions } from "../../server/demo/simulator.ts";
import { createTestCa } from "../support/pki.ts";

export interface ServedSim {
  sim: Simulator;
  server: Server;
  url: string;
  caCert: string;
  /** Kubeconfig YAML with contexts admin, viewer, impersonator (current: admin). */
  kubeconfig: string;
  tokens: { viewer: string; impersonator: string };
  admin: { cert: string; key: string };
  close(): Promise<void>;
}

export async function startServedSim(options: SimulatorOptions & { port?: number; hostname?: string } = {}): Promise<ServedSim> {
  const platform = await loadPlatform();
  const ca = await createTestCa("periscope-sim-ca");
  const serverCert = await ca.issue({ commonName: "kube-apiserver", server: true, hosts: ["localhost", "127.0.0.1"] });
  const admin = await ca.issue({ commonName: "admin", organizations: ["system:masters"], client: true });
  const viewerToken = `viewer-${crypto.randomUUID()}`;
  // Node's platform reports verified client certificates; where the platform cannot (Deno), admin gets a token.
  const adminToken = platform.runtime === "node" ? undefined : `admin-${crypto.randomUUID()}`;
  const tokens = { ...options.tokens, [viewerToken]: { user: "viewer", groups: ["viewers"] } };
  if (adminToken) tokens[adminToken] = { user: "admin", groups: ["system:masters"] };
  const sim = createSimulator({ ...options, tokens });
  sim.seed([bindClusterRole("viewer-view", "view", { kind: "User", name: "viewer" }), ...impersonatorObjects("periscope", "periscope")]);
  const nsType = sim.store.types.find("", "namespaces")!;
  if (!sim.store.tryGet(nsType, undefined, "periscope")) sim.seed([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "periscope" } }]);
  const impersonatorToken = sim.addServiceAccount("periscope", "periscope");
  const server = await platform.serve(sim.handle, {
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    tls: { cert: serverCert.cert, key: serverCert.key, clientCa: ca.cert },
  });
  const url = `https://127.0.0.1:${server.port}`;
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const kubeconfig = stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "sim", cluster: { server: url, "certificate-authority-data": b64(ca.cert) } }],
    users: [
      { name: "admin", user: adminToken ? { token: adminToken } : { "client-certificate-data": b64(admin.cert), "client-key-data": b64(admin.key) } },
      { name: "viewer", user: { token: viewerToken } },
      { name: "impersonator", user: { token: impersonatorToken } },
    ],
    contexts: ["admin", "viewer", "impersonator"].map((n) => ({ name: n, context: { cluster: "sim", user: n, namespace: "default" } })),
    "current-context": "admin",
  });
  return {
    sim,
    server,
    url,
    caCert: ca.cert,
    kubeconfig,
    tokens: { viewer: viewerToken, impersonator: impersonatorToken },
    admin,
    async close() {
      sim.close();
      await server.close(100);
    },
  };
}
