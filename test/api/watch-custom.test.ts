/**
 * Watch streams for custom resources (`group/version/plural`): enabled by the `crds` token or one by one, rows
 * in the list route's shape with the CRD's printer columns, /api/features telling the UI, 404 when not enabled.
 */
import t from "tap";
import { CRONTAB_CRD, crontab } from "./fixtures.ts";
import { startLiveHarness } from "../live/harness.ts";
import type { LiveHarness } from "../live/harness.ts";
import { selectWatchKinds } from "../../server/live/watch-kinds.ts";

const KIND = "stable.example.com/v1/crontabs";
const WATCH = `/api/clusters/test/resources/${KIND}/watch?namespace=shop`;

async function withCrontabs(settings: Parameters<typeof startLiveHarness>[0]): Promise<LiveHarness> {
  const h = await startLiveHarness(settings);
  h.create(CRONTAB_CRD);
  h.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
  h.create(crontab("shop", "hourly", "0 * * * *", 1));
  return h;
}

t.test("PERISCOPE_WATCH_STREAMS tokens: crds for every custom kind, group/version/plural for one", async (t) => {
  const all = selectWatchKinds("core, crds");
  t.equal(all.customResources, true);
  t.same([...all.kinds], ["pods", "events"]);
  const one = selectWatchKinds(`pods,${KIND}`);
  t.equal(one.customResources, false);
  t.same([...one.kinds], ["pods", KIND]);
  t.same(one.unknown, []);
  t.equal(selectWatchKinds("").customResources, false, "the default stays the 22 built-in kinds");
  t.same(selectWatchKinds("example/v1/things").unknown, ["example/v1/things"], "a group needs a dot");
});

t.test("with crds on, a custom resource streams: snapshot with printer columns, then an added row", async (t) => {
  const h = await withCrontabs({ settings: { watchCustomResources: true } });
  t.teardown(() => h.close());
  const features = await (await fetch(`${h.base}/api/features`, { headers: h.headers("reader") })).json();
  t.equal(features.watchStreams.customResources, true, "/api/features tells the UI");

  const s = await h.sse("admin", WATCH);
  t.teardown(() => s.close());
  t.equal(s.response.status, 200);
  const snapshot = await s.next();
  t.equal(snapshot.event, "snapshot");
  t.equal(snapshot.data.kindId, KIND);
  const list = await (await fetch(`${h.base}/api/clusters/test/resources/${KIND}?namespace=shop`, { headers: h.headers("admin") })).json();
  t.same(snapshot.data.columns, list.columns, "the list route's columns");
  t.same(snapshot.data.columns.map((c: { name: string }) => c.name), ["Name", "Spec", "Replicas", "Age"], "the CRD's printer columns");
  t.same(snapshot.data.rows.map((r: { name: string }) => r.name), ["hourly"]);

  h.create(crontab("shop", "nightly", "0 3 * * *", 2));
  const added = await s.next(["added", "modified", "deleted"]);
  t.equal(added.event, "added");
  t.equal(added.data.row.name, "nightly");
  t.equal(added.data.row.namespace, "shop");
  t.same(added.data.row.cells.slice(0, 3), ["nightly", "0 3 * * *", 2], "the printer columns' cells");
  t.equal(added.id, added.data.resourceVersion);
});

t.test("custom kinds are not streamed by default; one named by group/version/plural is", async (t) => {
  const off = await withCrontabs({});
  t.teardown(() => off.close());
  const refused = await fetch(`${off.base}${WATCH}`, { headers: off.headers("admin") });
  t.equal(refused.status, 404);
  t.equal((await refused.json()).code, "stream_not_enabled");
  t.equal((await (await fetch(`${off.base}/api/features`, { headers: off.headers("admin") })).json()).watchStreams.customResources, false);

  const named = await withCrontabs({ settings: { watchKinds: new Set(["pods", KIND]) } });
  t.teardown(() => named.close());
  const s = await named.sse("admin", WATCH);
  t.teardown(() => s.close());
  t.equal((await s.next()).event, "snapshot");
  const other = await fetch(`${named.base}/api/clusters/test/resources/example.com/v1/nothings/watch`, { headers: named.headers("admin") });
  t.equal(other.status, 404, "another custom kind stays off");
  const builtIn = await fetch(`${named.base}/api/clusters/test/resources/apps/v1/deployments/watch`, { headers: named.headers("admin") });
  t.equal(builtIn.status, 404, "a built-in addressed by group/version/plural follows its own setting");
});
