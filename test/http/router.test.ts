import t from "tap";
import { Router } from "../../server/http/router.ts";

t.test("Router matches static segments before parameters", async (t) => {
  const r = new Router<string>().add("GET", "/api/clusters/:cluster", "param").add("GET", "/api/clusters/fleet", "static");
  t.same(r.match("GET", "/api/clusters/fleet"), { kind: "found", handler: "static", params: {} });
  t.same(r.match("GET", "/api/clusters/prod%2Deu"), { kind: "found", handler: "param", params: { cluster: "prod-eu" } });
});

t.test("Router reports allowed methods when only the method is wrong", async (t) => {
  const r = new Router<string>().add("GET", "/a/:x", "get").add("DELETE", "/a/:x", "del");
  t.same(r.match("POST", "/a/1"), { kind: "method", allowed: ["DELETE", "GET"] });
  t.same(r.match("HEAD", "/a/1"), { kind: "found", handler: "get", params: { x: "1" } });
  t.same(r.match("GET", "/b"), { kind: "none" });
});

t.test("Router collects the rest of the path with *name", async (t) => {
  const r = new Router<string>().add("GET", "/vendor/*path", "v");
  t.same(r.match("GET", "/vendor/preact/dist/preact.mjs"), {
    kind: "found",
    handler: "v",
    params: { path: "preact/dist/preact.mjs" },
  });
  t.same(r.match("GET", "/vendor/a/b/c/extra").kind, "found");
});

t.test("Router: a fully static route answers from the exact map with the same result as the scan", async (t) => {
  const r = new Router<string>().add("GET", "/healthz", "first").add("GET", "/healthz", "second").add("GET", "/a/:x", "param").add("POST", "/a/b", "post");
  t.same(r.match("GET", "/healthz"), { kind: "found", handler: "first", params: {} }, "first registration wins");
  t.same(r.match("GET", "/healthz/"), { kind: "found", handler: "first", params: {} }, "a trailing slash still matches through the scan");
  t.same(r.match("HEAD", "/healthz"), { kind: "found", handler: "first", params: {} }, "HEAD falls back to GET");
  t.same(r.match("POST", "/a/b"), { kind: "found", handler: "post", params: {} });
  t.same(r.match("GET", "/a/b"), { kind: "found", handler: "param", params: { x: "b" } }, "another method's static route does not shadow a parameter route");
  t.same(r.match("PUT", "/healthz"), { kind: "method", allowed: ["GET"] });
});

t.test("Router: the same answers whichever bucket a route lives in (segment count or *rest), ties to the first", async (t) => {
  const r = new Router<string>()
    .add("GET", "/a/*rest", "rest")
    .add("GET", "/:x/:y", "two-params")
    .add("GET", "/a/b/c", "static3")
    .add("POST", "/a/:x/c", "post3")
    .add("GET", "/:x/b", "param-static");
  t.same(r.match("GET", "/a/z"), { kind: "found", handler: "rest", params: { rest: "z" } }, "rest (score 2) ties two params (2): registered first");
  t.same(r.match("GET", "/q/b"), { kind: "found", handler: "param-static", params: { x: "q" } }, "1 + 2 beats the others");
  t.same(r.match("GET", "/a/b"), { kind: "found", handler: "param-static", params: { x: "a" } }, "/:x/b (3) beats /a/*rest (2)");
  t.same(r.match("GET", "/a/b/c"), { kind: "found", handler: "static3", params: {} });
  t.same(r.match("GET", "/a/q/c"), { kind: "found", handler: "rest", params: { rest: "q/c" } }, "only the rest route matches three segments for GET");
  t.same(r.match("PUT", "/a/q/c"), { kind: "method", allowed: ["GET", "POST"] }, "allowed methods gathered from both buckets");
  t.same(r.match("GET", "/z/y/x/w"), { kind: "none" });
});
