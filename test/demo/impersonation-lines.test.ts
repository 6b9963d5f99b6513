/**
 * Repeated Impersonate-Group lines, as a real apiserver reads them: two lines are two groups, one line "a, b" is
 * one group named "a, b". Checked over HTTPS with raw node:https requests (fetch would join the lines) and through
 * the in-process demo connection the kube client uses.
 */
import t from "tap";
import * as https from "node:https";
import { createKubeClient } from "../../server/clusters/kube-client.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { USERS } from "../api/harness.ts";
import { startServedSim } from "./served-sim.ts";

const REVIEW = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

t.test("over HTTPS: one group per line, and a joined line stays one group", async (t) => {
  const served = await startServedSim();
  t.teardown(() => served.close());
  const whoami = (groups: string | string[]) =>
    new Promise<{ status: number; body: { status?: { userInfo?: { groups?: string[] } }; message?: string } }>((resolve, reject) => {
      const req = https.request(
        `${served.url}${REVIEW}`,
        {
          method: "POST",
          ca: served.caCert,
          // An array value is sent as one line per element; a string as a single line.
          headers: { authorization: `Bearer ${served.tokens.impersonator}`, "content-type": "application/json", "impersonate-user": "dana", "impersonate-group": groups },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }));
    });
  const two = await whoami(["devs", "ops"]);
  t.equal(two.status, 201);
  t.same(two.body.status?.userInfo?.groups, ["devs", "ops", "system:authenticated"], "two lines, two groups");
  const joined = await whoami("devs, ops");
  t.equal(joined.status, 201);
  t.same(joined.body.status?.userInfo?.groups, ["devs, ops", "system:authenticated"], "one line, one group (as a real apiserver reads it)");
});

t.test("in-process demo: the kube client's separate lines arrive as separate groups, commas and all", async (t) => {
  const platform = await loadPlatform();
  const backend = await createDemoBackend({ name: "demo", backend: "demo" }, { platform, log: createLogger("error", () => undefined), env: {}, configSource: "test" }, { world: false });
  t.teardown(() => backend.close?.());
  const identity = { ...USERS.reader, kube: { user: "dana", groups: ["team, ops", "devs"] } };
  const client = createKubeClient(backend, identity, "req-1", platform);
  const review = (await client.json({ method: "POST", path: REVIEW, body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }), contentType: "application/json" })) as {
    status: { userInfo: { username: string; groups: string[]; extra: Record<string, string[]> } };
  };
  t.equal(review.status.userInfo.username, "dana");
  t.same(review.status.userInfo.groups, ["team, ops", "devs", "system:authenticated"]);
  t.same(review.status.userInfo.extra["periscope-request-id"], ["req-1"]);
});
