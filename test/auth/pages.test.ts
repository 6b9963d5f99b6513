import t from "tap";
import { escapeHtml, fallbackPages, LOGIN_ERRORS } from "../../server/auth/pages.ts";
import { safeReturnTo } from "../../server/auth/flow-cookie.ts";

t.test("fallback pages escape everything they print", async (t) => {
  const html = fallbackPages.login({ mode: "oidc", providerName: "<Okta>", next: "/a?b=\"c\"", error: "idp_unavailable" });
  t.match(html, /Sign in with &lt;Okta&gt;/);
  t.match(html, /href="\/api\/auth\/login\?next=%2Fa%3Fb%3D%22c%22"/);
  t.match(html, new RegExp(escapeHtml(LOGIN_ERRORS.idp_unavailable!)));
  t.notMatch(fallbackPages.login({ mode: "oidc", providerName: "x", next: "/", error: "<script>" }), /script/);
  t.match(fallbackPages.login({ mode: "dev", providerName: "x", next: "/", error: undefined }), /development mode/);
  t.match(fallbackPages.notice({ title: "A & B", message: "<b>", action: { href: "/x?a=1&b=2", label: "go" } }), /A &amp; B.*&lt;b&gt;.*href="\/x\?a=1&amp;b=2"/s);
});

t.test("return paths stay on this site", async (t) => {
  t.equal(safeReturnTo("/clusters/a?x=1"), "/clusters/a?x=1");
  for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "", null, "/api/auth/login", "/x\u0000y"]) {
    t.equal(safeReturnTo(bad), "/", JSON.stringify(bad));
  }
});
