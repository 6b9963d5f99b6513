import t from "tap";
import { gunzip, pageHarness } from "./harness.ts";

t.test("every import-map entry is served immutably from the allow-list", async (t) => {
  const h = await pageHarness();
  const { body } = await h.text("/login");
  const map = JSON.parse(/<script type="importmap">([^<]*)<\/script>/.exec(body)![1]!) as { imports: Record<string, string> };
  for (const s of ["preact", "preact/hooks", "htm/preact", "@codemirror/view", "@codemirror/lang-yaml"]) t.ok(map.imports[s], `${s} is mapped`);
  t.equal(new Set(Object.values(map.imports).filter((u) => u.includes("/preact@"))).size, 2, "one preact copy (core + hooks)");
  for (const [specifier, url] of Object.entries(map.imports)) {
    t.match(url, /^\/vendor\/(@[\w.-]+\/)?[\w.-]+@\d+\.\d+\.\d+\//, `${specifier} is version-pinned`);
    const r = await h.get(url, { "accept-encoding": "gzip" });
    t.equal(r.status, 200, url);
    t.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
    t.match(r.headers.get("content-type") ?? "", /^text\/javascript/);
    const bytes = await r.arrayBuffer();
    const gz = r.headers.get("content-encoding") === "gzip";
    if (!gz) t.ok(bytes.byteLength < 1024, `${specifier}: only tiny files are sent plain`);
    const js = gz ? await gunzip(bytes) : new TextDecoder().decode(bytes);
    t.match(js, /export/, `${specifier} is an ES module`);
  }
});

t.test("every allow-listed package is installed at the top of node_modules", async (t) => {
  const { loadVendorSet } = await import("../../server/pages/vendor-packages.ts");
  const { DEFAULT_NODE_MODULES } = await import("../../server/pages/ui-runtime.ts");
  const set = await loadVendorSet(DEFAULT_NODE_MODULES);
  t.same(set.missing, [], "nothing the editor needs is missing");
  const partial = await loadVendorSet(DEFAULT_NODE_MODULES, { preact: ["."], "no-such-editor-dep": ["."] });
  t.same(partial.missing, ["no-such-editor-dep"], "an optional package that is absent is left out, not fatal");
  await t.rejects(loadVendorSet(DEFAULT_NODE_MODULES, { htm: ["."], preact: ["./nope"] }), /no ES module entry/);
});

t.test("vendor refuses what is not allow-listed, other versions and traversal", async (t) => {
  const h = await pageHarness();
  const { body } = await h.text("/login");
  const preact = /"preact":"(\/vendor\/preact@([^/]+)\/[^"]+)"/.exec(body)!;
  const version = preact[2]!;
  t.equal((await h.get("/vendor/preact@0.0.1/dist/preact.module.js")).status, 404, "a different version");
  t.equal((await h.get("/vendor/ws@8.0.0/index.js")).status, 404, "not on the allow-list");
  t.equal((await h.get(`/vendor/preact@${version}/package.json`)).status, 404, "only scripts and styles");
  t.equal((await h.get(`/vendor/preact@${version}/%2e%2e/%2e%2e/package.json`)).status, 404, "encoded traversal");
  t.equal((await h.get(`/vendor/preact@${version}/dist/../../tap/package.json`)).status, 404, "plain traversal");
  t.equal((await h.get(`/vendor/preact@${version}/dist/missing.js`)).status, 404);
  const ok = await h.get(preact[1]!);
  const etag = ok.headers.get("etag")!;
  t.ok(etag, "an ETag");
  const again = await h.get(preact[1]!, { "if-none-match": etag });
  t.equal(again.status, 304, "revalidation without a body");
});

t.test("ui/ files live under a content-hashed prefix", async (t) => {
  const h = await pageHarness();
  const { body } = await h.text("/login");
  const boot = /<script type="module" src="(\/ui\/([0-9a-f]{12})\/boot\.js)"><\/script>/.exec(body)!;
  t.ok(boot, "the bootstrap module is referenced from the page");
  const r = await h.get(boot[1]!);
  t.equal(r.status, 200);
  t.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
  t.match(await r.text(), /hydrate/);
  const css = await h.get(`/ui/${boot[2]}/styles/app.css`, { "accept-encoding": "gzip" });
  t.equal(css.headers.get("content-encoding"), "gzip");
  t.match(css.headers.get("content-type") ?? "", /^text\/css/);
  const old = await h.get("/ui/000000000000/boot.js");
  t.equal(old.status, 200, "a page from before a deploy still loads its bootstrap");
  t.equal(old.headers.get("cache-control"), "no-cache", "but it is not cached forever under the wrong prefix");
  t.equal((await h.get(`/ui/${boot[2]}/tsconfig.json`)).status, 404, "only served file types");
  t.equal((await h.get(`/ui/${boot[2]}/../server/main.ts`)).status, 404);
});
