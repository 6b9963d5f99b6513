import t from "tap";
import { ConfigErrors } from "../../server/config/config-error.ts";
import { readAuditSettings } from "../../server/audit/settings.ts";

t.test("readAuditSettings: defaults from the values contract", async (t) => {
  t.same(readAuditSettings({}), { enabled: false, dir: "/var/lib/periscope/audit", retentionDays: 30, maxSizeMB: 1024, failOpen: false });
  t.same(
    readAuditSettings({ PERISCOPE_AUDIT_ENABLED: "true", PERISCOPE_AUDIT_DIR: "/data/audit", PERISCOPE_AUDIT_RETENTION_DAYS: "7", PERISCOPE_AUDIT_MAX_SIZE_MB: "0", PERISCOPE_AUDIT_FAIL_OPEN: "false" }),
    { enabled: true, dir: "/data/audit", retentionDays: 7, maxSizeMB: 0, failOpen: false },
  );
});

t.test("readAuditSettings: every bad variable is named in one error", async (t) => {
  try {
    readAuditSettings({ PERISCOPE_AUDIT_ENABLED: "yes", PERISCOPE_AUDIT_RETENTION_DAYS: "-1", PERISCOPE_AUDIT_MAX_SIZE_MB: "1e3", PERISCOPE_AUDIT_DIR: "audit" });
    t.fail("should throw");
  } catch (error) {
    t.ok(error instanceof ConfigErrors);
    const keys = (error as ConfigErrors).errors.map((e) => e.key);
    t.same(keys, ["PERISCOPE_AUDIT_ENABLED", "PERISCOPE_AUDIT_RETENTION_DAYS", "PERISCOPE_AUDIT_MAX_SIZE_MB", "PERISCOPE_AUDIT_DIR"]);
    t.match((error as Error).message, /environment: PERISCOPE_AUDIT_ENABLED: expected true or false, found "yes"/);
  }
});
