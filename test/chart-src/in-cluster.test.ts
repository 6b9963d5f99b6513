/**
 * In-cluster end to end: the chart's rendered RBAC is loaded into the Kubernetes API simulator (served over HTTPS),
 * the server boots from the rendered ConfigMaps/env with the kubelet's service-account mount (token + ca.crt,
 * path remapped) and reaches the "apiserver" as the chart's ServiceAccount, impersonating the user with the tier
 * group. What the user may do is exactly what the chart's tier binding grants.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { createSimulator } from "../../server/demo/simulator.ts";
import type { KubeObject } from "../../server/demo/types.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { createTestCa } from "../support/pki.ts";
import { freePort, layOutPod, startServer } from "./pod-from-chart.ts";
import { CHART, helm, parseHelmDocs, writeValues } from "./support.ts";

t.test("dev identity (tier read via the chart's binding) lists pods but cannot delete them", async (t) => {
  const port = await freePort();
  const r = await helm(["template", "periscope", CHART, "-n", "periscope", "-f", writeValues("in-cluster-e2e", {
    service: { port },
    clusters: [{ name: "home", backend: "in-cluster" }],
    secrets: { mode: "native" },
  })]);
  t.equal(r.code, 0, r.stderr);
  const docs = parseHelmDocs(r.stdout);
  const rbac = docs.filter((d) => String(d.apiVersion).startsWith("rbac.authorization.k8s.io/")) as unknown as KubeObject[];
  t.ok(rbac.length >= 6, `${rbac.length} RBAC objects rendered`);

  const sim = createSimulator({
    seed: [
      ...rbac,
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "periscope" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "shop" }, spec: { containers: [{ name: "web", image: "nginx" }] } },
    ] as KubeObject[],
  });
  const token = sim.addServiceAccount("periscope", "periscope");
  const ca = await createTestCa("in-cluster-e2e");
  const cert = await ca.issue({ commonName: "kube-apiserver", server: true, hosts: ["127.0.0.1"] });
  const platform = await loadPlatform();
  const apiserver = await platform.serve(sim.handle, { port: 0, hostname: "127.0.0.1", tls: { cert: cert.cert, key: cert.key } });
  t.teardown(async () => {
    sim.close();
    await apiserver.close(100);
  });

  const pod = layOutPod(docs);
  // What the kubelet provides: the automounted service-account files and the apiserver's address.
  const saDir = join(pod.root, "var/run/secrets/kubernetes.io/serviceaccount");
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, "token"), token);
  writeFileSync(join(saDir, "ca.crt"), ca.cert);
  pod.env.PERISCOPE_SERVICEACCOUNT_DIR = saDir;
  pod.env.KUBERNETES_SERVICE_HOST = "127.0.0.1";
  pod.env.KUBERNETES_SERVICE_PORT = String(apiserver.port);
  const server = await startServer(pod);
  t.teardown(() => server.stop());

  const list = await fetch(`${server.base}/api/clusters/home/resources/pods?namespace=shop`);
  const body = await list.text();
  t.equal(list.status, 200, body.slice(0, 300));
  t.match(body, "web-1", "the impersonated read tier lists pods through the chart's view binding");
  const del = await fetch(`${server.base}/api/clusters/home/resources/pods/shop/web-1`, { method: "DELETE" });
  t.equal(del.status, 403, `delete refused: ${(await del.text()).slice(0, 200)}`);
});
