import t from "tap";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInClusterBackend } from "../../server/clusters/in-cluster.ts";
import { createKubeClient } from "../../server/clusters/kube-client.ts";
import { AppError } from "../../server/http/errors.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { startHarness } from "../api/harness.ts";

const h = await startHarness();
t.teardown(() => h.close());
const platform = await loadPlatform();
const dir = join(h.dir, "serviceaccount");
await mkdir(dir);
await writeFile(join(dir, "ca.crt"), h.sim.caCert);
const port = new URL(h.sim.url).port;
const env = { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: port, PERISCOPE_SERVICEACCOUNT_DIR: dir };

const whoami = async (backend: ReturnType<typeof createInClusterBackend>) => {
  const body = (await createKubeClient(backend, undefined).json({ method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", contentType: "application/json", body: "{}" })) as {
    status: { userInfo: { username: string } };
  };
  return body.status.userInfo.username;
};

t.test("token and CA from the mounted directory, host from KUBERNETES_SERVICE_HOST/PORT; the token is re-read as it rotates", async (t) => {
  let now = 1_000_000;
  await writeFile(join(dir, "token"), "not-a-valid-token\n");
  const backend = createInClusterBackend({ name: "in-cluster", backend: "in-cluster" }, { platform, log: createLogger("error", () => undefined), env, configSource: "t" }, { clock: () => now });
  const refused = await whoami(backend).catch((e: unknown) => e);
  t.ok(refused instanceof AppError);
  t.equal((refused as AppError).code, "cluster_auth_failed", "the apiserver's 401 is the console's problem, not the user's session");

  await writeFile(join(dir, "token"), h.sim.tokens.impersonator + "\n");
  t.equal((await whoami(backend).catch(() => "still cached")), "still cached", "within a minute the last token is kept");
  now += 61_000;
  t.equal(await whoami(backend), "system:serviceaccount:periscope:periscope", "rotated token picked up");
});

t.test("outside a pod: a clear per-cluster error", async (t) => {
  const backend = createInClusterBackend({ name: "in-cluster", backend: "in-cluster" }, { platform, log: createLogger("error", () => undefined), env: {}, configSource: "t" });
  const error = (await backend.connect(undefined).catch((e: unknown) => e)) as AppError;
  t.equal(error.status, 503);
  t.match(error.message, /KUBERNETES_SERVICE_HOST is not set/);
});
