/**
 * Sign-out through the real app in dev mode, with auth's event sink wired to the audit log the way main.ts does
 * it: the logout lands in the store with the dev identity as actor.
 */
import t from "tap";
import { createApp } from "../../server/app.ts";
import { createAuditLog } from "../../server/audit/audit-log.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import { createDevAuth } from "../../server/auth/auth-service.ts";
import { noAuthFileSettings } from "../../server/config/auth-file.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { tempDir } from "./fixtures.ts";

t.test("logout is audited with the acting identity", async (t) => {
  const dir = await tempDir(t);
  const log = createLogger("error", () => {});
  const audit = createAuditLog({ log, store: await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 }) });
  t.teardown(() => audit.close());
  const settings = noAuthFileSettings();
  const auth = createDevAuth({ settings, log, onEvent: async (e) => void (await audit.record(e)) });
  const app = createApp({ log, platform: await loadPlatform(), auth, audit });
  const res = await app.handle(new Request("http://localhost/api/auth/logout/everywhere", { method: "POST" }), { remoteAddress: "127.0.0.1" });
  t.ok(res.status < 400, `logout answered ${res.status}`);
  const rows = await audit.store!.search({ verbs: ["logout"] }, Infinity, 10);
  t.equal(rows.length, 1);
  t.match(rows[0], { verb: "logout", outcome: "success", requestId: res.headers.get("x-request-id"), actor: { sub: settings.dev!.subject, email: settings.dev!.email, authzMode: "tier" }, extra: { everywhere: true } });
});
