/**
 * Pages rendered by the real app against the demo cluster, read as a browser without JavaScript would: the
 * layout, headings, cluster cards and first rows are in the HTML; errors are shown in the page.
 */
import t from "tap";
import { startDemoServer } from "../browser/demo-server.ts";
import type { DemoServer } from "../browser/demo-server.ts";
import { pageHarness } from "./harness.ts";

let server: DemoServer;
t.before(async () => {
  server = await startDemoServer();
});
t.teardown(() => server?.stop());

const html = async (path: string) => {
  const r = await fetch(`${server.base}${path}`, { headers: { accept: "text/html" }, redirect: "manual" });
  return { status: r.status, body: await r.text(), headers: r.headers };
};

t.test("fleet home: a card per cluster, grouped by environment", async (t) => {
  const { status, body } = await html("/");
  t.equal(status, 200);
  t.match(body, /<h2 id="env-demo">demo/);
  t.match(body, /data-testid="cluster-card" data-cluster="demo"/);
  t.match(body, /class="status-(healthy|degraded)"/);
  t.match(body, /Nodes <b>\d+\/\d+<\/b> ready/);
});

t.test("a list page carries its first rows in the HTML", async (t) => {
  const { status, body } = await html("/clusters/demo/pods");
  t.equal(status, 200);
  t.match(body, /<h1>Pods<\/h1>/);
  const rows = body.match(/<tr [^>]*data-key="[^"]+"/g) ?? [];
  t.ok(rows.length > 10 && rows.length <= 60, `${rows.length} server-rendered rows`);
  t.match(body, /<th scope="col"[^>]*><button type="button">Ready<\/button>/, "server-computed columns");
  t.match(body, /<option value="kube-system">kube-system<\/option>/, "namespace filter options");
  t.match(body, /aria-current="page">Pods<\/a>/, "the menu marks the current kind");
});

t.test("namespace filter and custom resources", async (t) => {
  const { body } = await html("/clusters/demo/pods?namespace=kube-system");
  const keys = [...body.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]!);
  t.ok(keys.length > 0 && keys.every((k) => k.startsWith("kube-system/")), "only kube-system rows");
  const crds = await html("/clusters/demo/customresourcedefinitions");
  t.equal(crds.status, 200);
  const crd = /data-key="\/([a-z0-9.-]+)"/.exec(crds.body);
  t.ok(crd, "the demo has CRDs");
  if (crd) {
    const [plural, ...group] = crd[1]!.split(".");
    const kinds = (await (await fetch(`${server.base}/api/clusters/demo/kinds`)).json()) as { kinds: Array<{ id: string; plural: string; group: string }> };
    const entry = kinds.kinds.find((k) => k.plural === plural && k.group === group.join("."));
    t.ok(entry, `${crd[1]} is in the kind registry`);
    if (entry) {
      const list = await html(`/clusters/demo/${entry.id}`);
      t.equal(list.status, 200, `custom resource list /clusters/demo/${entry.id}`);
      t.notMatch(list.body, /error-box/);
    }
  }
});

t.test("unknown cluster and kind are said plainly", async (t) => {
  const unknown = await html("/clusters/nope");
  t.equal(unknown.status, 404);
  t.match(unknown.body, /No cluster named/);
  const badKind = await html("/clusters/demo/no-such-kind");
  t.match(badKind.body, /role="alert"/);
  const odd = await html("/clusters/demo/pods%3Fx/default/a/edit");
  t.equal(odd.status, 404, "a kind with URL syntax in it is refused before any API call");
});

t.test("pages without a user go to sign-in; API errors show in the page", async (t) => {
  const h = await pageHarness();
  const { body } = await h.text("/");
  t.match(body, /Fleet summary unavailable/, "no cluster routes in this app: the page says so");
  const denied = await h.text("/denied?reason=not_in_allowed_groups");
  t.equal(denied.response.status, 403);
  t.match(denied.body, /not in any group allowed/);
  const odd = await h.text("/denied?reason=%3Cscript%3E");
  t.notMatch(odd.body, /<script>/);
  const login = await h.text("/login?next=//evil.example/x");
  t.match(login.body, /href="\/"/, "an off-site next= is replaced by /");
});

t.test("API lists are gzipped; secret values and event streams never are", async (t) => {
  const list = await fetch(`${server.base}/api/clusters/demo/resources/pods`, { headers: { "accept-encoding": "gzip" } });
  t.equal(list.headers.get("content-encoding"), "gzip", "a JSON list is compressed");
  t.ok(Array.isArray(((await list.json()) as { rows: unknown[] }).rows), "and decodes to the same JSON");
  const secrets = server.simulator.store.types.find("", "secrets")!;
  server.simulator.store.create(secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "ui-secret", namespace: "default" }, data: { token: btoa("x".repeat(4000)) } });
  const secret = await fetch(`${server.base}/api/clusters/demo/secrets/default/ui-secret/data/token`, { headers: { "accept-encoding": "gzip" } });
  t.equal(secret.status, 200);
  t.equal(secret.headers.get("content-encoding"), null, "a revealed secret is sent uncompressed");
  const ctrl = new AbortController();
  const stream = await fetch(`${server.base}/api/clusters/demo/resources/pods/watch`, { headers: { "accept-encoding": "gzip" }, signal: ctrl.signal });
  t.match(stream.headers.get("content-type") ?? "", /text\/event-stream/);
  t.equal(stream.headers.get("content-encoding"), null, "an event stream is never buffered through gzip");
  ctrl.abort();
  await stream.body?.cancel().catch(() => {});
});
