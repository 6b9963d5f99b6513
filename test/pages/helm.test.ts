/** Helm pages against the demo cluster's seeded releases: list, values, history, diff — all in the HTML. */
import t from "tap";
import { startDemoServer } from "../browser/demo-server.ts";
import type { DemoServer } from "../browser/demo-server.ts";

let server: DemoServer;
t.before(async () => {
  server = await startDemoServer();
});
t.teardown(() => server?.stop());

const html = async (path: string) => {
  const r = await fetch(`${server.base}${path}`, { headers: { accept: "text/html" } });
  return { status: r.status, body: await r.text() };
};

t.test("the release list", async (t) => {
  const { status, body } = await html("/clusters/demo/helm");
  t.equal(status, 200);
  t.match(body, /<h1>Helm releases<\/h1>/);
  t.match(body, /data-release="shop\/shop"/);
  t.match(body, /class="status-unreachable">failed</, "a failed release stands out");
});

t.test("a release: values, notes, history and the diff between revisions", async (t) => {
  const values = await html("/clusters/demo/helm/shop/shop");
  t.equal(values.status, 200);
  t.match(values.body, /data-testid="helm-values"/);
  t.match(values.body, /replicas: 3/);
  const notes = await html("/clusters/demo/helm/shop/shop?tab=notes");
  t.match(notes.body, /shop\.example\.com/);
  const history = await html("/clusters/demo/helm/shop/shop?tab=history");
  const diffLink = /href="([^"]*tab=diff&amp;from=1&amp;to=2)"/.exec(history.body);
  t.ok(diffLink, "history links each revision to a diff with the previous one");
  const diff = await html(diffLink![1]!.replace(/&amp;/g, "&"));
  t.match(diff.body, /<code>api\.replicas<\/code>/);
  t.match(diff.body, /<del>2<\/del> <ins>3<\/ins>|<del>2<\/del><ins>3<\/ins>/);
  t.match(diff.body, /Deployment shop\/api/);
  const missing = await html("/clusters/demo/helm/shop/nope");
  t.match(missing.body, /Release unavailable/);
});
