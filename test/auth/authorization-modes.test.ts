/**
 * Authorization modes end to end: a real sign-in, then a cluster call whose impersonation is checked where it
 * lands (the demo cluster's simulator, which enforces the tier RBAC), plus audit scope and whoami labels.
 */
import t from "tap";
import type { TestBrowser } from "../idp/browser.ts";
import { startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";

async function listPods(h: Harness, b: TestBrowser): Promise<{ status: number; seen: Harness["seenAtCluster"][number] }> {
  const before = h.seenAtCluster.length;
  const res = await b.fetch(`${h.base}/api/clusters/demo/resources/pods`);
  await res.body?.cancel();
  const seen = h.seenAtCluster.slice(before).find((s) => s.path.endsWith("/pods"));
  if (!seen) throw new Error(`no pods request reached the cluster (status ${res.status})`);
  return { status: res.status, seen };
}

const me = async (h: Harness, b: TestBrowser) => (await b.fetch(`${h.base}/api/auth/whoami`)).json() as Promise<Record<string, unknown>>;

t.test("tier mode: highest matched tier, else defaultTier; auditAdminGroups decides audit scope", async (t) => {
  const h = await startHarness({
    shape: "auth0",
    cluster: true,
    authorization: { mode: "tier", groupTiers: { "k8s-admins": "admin", devs: "write", oncall: "triage" }, auditAdminGroups: ["secops"] },
  });
  t.teardown(() => h.close());

  const admin = await h.signIn({ sub: "auth0|ada", email: "ada@example.com", groups: ["devs", "k8s-admins"] });
  t.match(await me(h, admin), { tier: "admin", authzMode: "tier", auditScope: "self" }, "tier admin is not audit admin when auditAdminGroups is set");
  const a = await listPods(h, admin);
  t.equal(a.status, 200);
  t.same([a.seen.user, a.seen.groups], ["auth0|ada", "periscope-tier:admin"]);
  t.match(a.seen.requestId, /^[0-9a-f-]{36}$/, "the console request id travels to the cluster");

  const sec = await h.signIn({ sub: "auth0|sam", email: "sam@example.com", groups: ["secops"] });
  t.match(await me(h, sec), { tier: "read", auditScope: "all" }, "defaultTier read; audit admin by group");
  const s = await listPods(h, sec);
  t.equal(s.status, 200, "read tier may list pods (the simulator's view binding)");
  t.same([s.seen.user, s.seen.groups], ["auth0|sam", "periscope-tier:read"]);

  // A client-supplied Impersonate-* header is never forwarded.
  const before = h.seenAtCluster.length;
  const sneaky = await sec.fetch(`${h.base}/api/clusters/demo/resources/pods`, { headers: { "impersonate-user": "root", "impersonate-group": "system:masters" } });
  await sneaky.body?.cancel();
  t.same(h.seenAtCluster.slice(before).map((x) => [x.user, x.groups]).at(-1), ["auth0|sam", "periscope-tier:read"]);
});

t.test("tier mode without auditAdminGroups: tier admins see all audit rows", async (t) => {
  const h = await startHarness({ shape: "okta", authorization: { groupTiers: { ops: "admin" } } });
  t.teardown(() => h.close());
  const b = await h.signIn({ sub: "o1", email: "o1@example.com", groups: ["ops"] });
  t.match(await me(h, b), { tier: "admin", auditScope: "all" });
  const c = await h.signIn({ sub: "o2", email: "o2@example.com", groups: ["dev"] });
  t.match(await me(h, c), { tier: "read", auditScope: "self" });
});

t.test("raw mode: every IdP group with the prefix; audit admin only by explicit group", async (t) => {
  const h = await startHarness({ shape: "okta", cluster: true, authorization: { mode: "raw", groupPrefix: "idp:" } });
  t.teardown(() => h.close());
  const b = await h.signIn({ sub: "00u1", email: "raw@example.com", groups: ["team-a", "team-b"] });
  t.match(await me(h, b), { authzMode: "raw", tier: null, auditScope: "self", impersonation: { user: "00u1", groups: ["idp:team-a", "idp:team-b"] } });
  const r = await listPods(h, b);
  t.equal(r.seen.user, "00u1");
  t.equal(r.seen.groups, "idp:team-a, idp:team-b");
  t.equal(r.status, 403, "no binding for these prefixed groups in the simulator: denied there");
});

t.test("shared mode: the console's own identity, labelled shared", async (t) => {
  const h = await startHarness({ shape: "auth0", cluster: true, authorization: { mode: "shared", allowedGroups: ["periscope-users"] } });
  t.teardown(() => h.close());
  const b = await h.signIn({ sub: "auth0|sh", email: "sh@example.com", groups: ["periscope-users"] });
  t.match(await me(h, b), { authzMode: "shared", impersonation: null, tier: null, auditScope: "all" });
  const r = await listPods(h, b);
  t.equal(r.seen.user, null, "no Impersonate-User");
  t.equal(r.seen.groups, null, "no Impersonate-Group");
  t.equal(r.status, 403, "the demo's service account may only impersonate, so the simulator refuses it");
});
