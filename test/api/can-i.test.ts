import t from "tap";
import { kubectlFor } from "../demo/kubectl.ts";
import { apiFixtures } from "./fixtures.ts";
import { USERS, startHarness } from "./harness.ts";
import type { UserName } from "./harness.ts";

const h = await startHarness({ simulator: { seed: apiFixtures() } });
const kubectl = kubectlFor(h.sim.kubeconfig);
t.teardown(async () => {
  kubectl.cleanup();
  await h.close();
});

interface Check {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const CHECKS: Check[] = [
  { verb: "get", resource: "pods", namespace: "shop" },
  { verb: "list", resource: "pods", namespace: "shop" },
  { verb: "delete", resource: "pods", namespace: "shop", name: "web-1" },
  { verb: "get", resource: "secrets", namespace: "shop" },
  { verb: "patch", group: "apps", resource: "deployments", namespace: "shop" },
  { verb: "create", resource: "pods", subresource: "exec", namespace: "shop" },
  { verb: "get", resource: "pods", subresource: "log", namespace: "shop" },
  { verb: "list", group: "stable.example.com", resource: "crontabs", namespace: "shop" },
  { verb: "list", resource: "nodes" },
  { verb: "patch", resource: "nodes", name: "node-1" },
  { verb: "list", resource: "configmaps", namespace: "kube-system" },
];

/** What `kubectl auth can-i` says for the same user, through the same impersonate-only service account. */
async function kubectlSays(user: UserName, c: Check): Promise<boolean> {
  const identity = USERS[user];
  const resource = c.group ? `${c.resource}.${c.group}` : c.resource;
  const args = ["auth", "can-i", c.verb, c.name ? `${resource}/${c.name}` : resource, "--as", identity.kube!.user];
  for (const g of identity.kube!.groups) args.push("--as-group", g);
  if (c.subresource) args.push(`--subresource=${c.subresource}`);
  if (c.namespace) args.push("-n", c.namespace);
  const r = await kubectl.run(args, { context: "impersonator" });
  const answer = r.stdout.trim();
  if (answer !== "yes" && answer !== "no") throw new Error(`kubectl said ${JSON.stringify(r.stdout + r.stderr)}`);
  return answer === "yes";
}

for (const user of ["reader", "writer"] as const) {
  t.test(`can-i answers match kubectl auth can-i for the ${user}`, async (t) => {
    const res = await h.json(user, "/api/clusters/test/can-i", { method: "POST", body: JSON.stringify({ checks: CHECKS }), headers: { "content-type": "application/json" } });
    t.equal(res.status, 200);
    t.equal(res.body.results.length, CHECKS.length);
    const expected = await Promise.all(CHECKS.map((c) => kubectlSays(user, c)));
    CHECKS.forEach((c, i) => {
      t.equal(res.body.results[i].allowed, expected[i], `${user} ${c.verb} ${c.resource}${c.subresource ? "/" + c.subresource : ""} in ${c.namespace ?? "(cluster)"}`);
    });
    t.ok(expected.includes(true) && expected.includes(false), "the matrix has both answers");
  });
}

t.test("answers are cached per user: the same check differs between users", async (t) => {
  const check = { checks: [{ verb: "patch", group: "apps", resource: "deployments", namespace: "shop" }] };
  const ask = (user: UserName) => h.json(user, "/api/clusters/test/can-i", { method: "POST", body: JSON.stringify(check), headers: { "content-type": "application/json" } });
  t.equal((await ask("writer")).body.results[0].allowed, true);
  t.equal((await ask("reader")).body.results[0].allowed, false);
  t.equal((await ask("writer")).body.results[0].allowed, true);
});

t.test("input limits", async (t) => {
  const many = { checks: Array.from({ length: 65 }, () => ({ verb: "get", resource: "pods" })) };
  const tooMany = await h.json("reader", "/api/clusters/test/can-i", { method: "POST", body: JSON.stringify(many), headers: { "content-type": "application/json" } });
  t.equal(tooMany.status, 400);
  const noVerb = await h.json("reader", "/api/clusters/test/can-i", { method: "POST", body: JSON.stringify({ checks: [{ resource: "pods" }] }), headers: { "content-type": "application/json" } });
  t.equal(noVerb.status, 400);
  t.match(noVerb.body.message, /checks\[0\]\.verb/);
});
