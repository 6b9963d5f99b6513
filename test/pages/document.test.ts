import t from "tap";
import { pageHarness, scripts, sha256Base64 } from "./harness.ts";

t.test("pages carry a strict CSP that allows exactly their import map", async (t) => {
  const h = await pageHarness();
  for (const path of ["/login", "/", "/signed-out", "/denied?reason=no_tier"]) {
    const { response, body } = await h.text(path);
    const csp = response.headers.get("content-security-policy") ?? "";
    t.match(csp, /default-src 'none'/, path);
    t.match(csp, /frame-ancestors 'none'/);
    t.notMatch(csp, /unsafe-inline|unsafe-eval/, `${path}: nothing inline beyond the hash`);
    const inline = scripts(body).filter((s) => !/\bsrc=/.test(s.attrs));
    const executable = inline.filter((s) => !/type="application\/json"/.test(s.attrs));
    t.equal(executable.length, 1, `${path}: one inline script, the import map`);
    t.match(executable[0]!.attrs, /type="importmap"/);
    t.ok(csp.includes(`'sha256-${await sha256Base64(executable[0]!.text)}'`), `${path}: CSP names the import map's hash`);
    t.notMatch(body, /\sstyle="/, `${path}: no inline style attributes (style-src 'self')`);
    t.notMatch(body, /\son[a-z]+="/, `${path}: no inline event handlers`);
    t.equal(response.headers.get("x-content-type-options"), "nosniff");
    t.equal(response.headers.get("cache-control"), "no-store");
  }
  const api = await h.get("/api/auth/config");
  t.match(api.headers.get("content-security-policy") ?? "", /^default-src 'none'/, "API keeps the closed default");
});

t.test("html is gzipped when accepted", async (t) => {
  const h = await pageHarness();
  const r = await h.get("/login", { "accept-encoding": "gzip" });
  t.equal(r.headers.get("content-encoding"), "gzip");
});
