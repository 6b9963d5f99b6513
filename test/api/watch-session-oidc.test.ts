/**
 * The real sign-in (OIDC against a real provider, the real session store) ends live streams: signing out, or the
 * session's idle timeout passing on the injected clock, sends `auth_expired` and closes the stream.
 */
import t from "tap";
import { startHarness } from "../auth/harness.ts";
import { SseClient } from "../live/sse-client.ts";

const alice = { sub: "alice", email: "alice@example.com", groups: ["devs"] };
const WATCH = "/api/clusters/demo/resources/pods/watch?namespace=shop";

t.test("sign-out and the idle timeout end open watch streams with auth_expired", async (t) => {
  const h = await startHarness({ shape: "okta", cluster: true, session: { idleTimeout: "30m" } });
  t.teardown(() => h.close());

  const a = await h.signIn(alice);
  const cookieA = `periscope_session=${a.cookie("periscope_session")}`;
  const s1 = await SseClient.open(h.base + WATCH, { cookie: cookieA });
  t.equal(s1.response.status, 200);
  await s1.next("snapshot", 20_000);
  t.equal((await a.fetch(`${h.base}/api/auth/logout`, { method: "POST" })).status, 303, "signed out");
  const e1 = await s1.next("auth_expired", 15_000);
  t.match(e1.data.message, /sign in again/);
  await s1.closedByServer();

  const b = await h.signIn(alice);
  const s2 = await SseClient.open(h.base + WATCH, { cookie: `periscope_session=${b.cookie("periscope_session")}` });
  await s2.next("snapshot", 20_000);
  h.advance(31 * 60_000);
  await s2.next("auth_expired", 15_000);
  await s2.closedByServer();
  const again = await fetch(h.base + WATCH, { headers: { cookie: `periscope_session=${b.cookie("periscope_session")}` } });
  t.equal(again.status, 401, "the same cookie cannot open a new stream");
});
