/**
 * A real full disk: a 256 KiB tmpfs mounted in a private user+mount namespace (`unshare -rm`, no root needed
 * where user namespaces are allowed). Skipped, saying so, where the machine forbids that.
 */
import t from "tap";
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tempDir } from "./fixtures.ts";

const CHILD = fileURLToPath(new URL("./disk-full-child.ts", import.meta.url));

function canMountTmpfs(): boolean {
  try {
    execFileSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

t.test("disk full: privileged actions fail closed with a clear message, reads keep working, health shows it, recovery when space returns", { skip: canMountTmpfs() ? false : "cannot mount a tmpfs in a user namespace here" }, async (t) => {
  const mount = await tempDir(t);
  const script = 'mount -t tmpfs -o size=256k tmpfs "$1" && exec "$2" "$3" "$1"';
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile("unshare", ["-rm", "sh", "-c", script, "sh", mount, process.execPath, CHILD], (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve(out);
    });
  });
  const r = JSON.parse(stdout.trim()) as Record<string, any>;
  t.ok(r.acked > 10, `${r.acked} rows written before the disk filled`);
  t.equal(r.appendError.name, "AuditWriteError");
  t.equal(r.appendError.code, "ENOSPC");
  t.match(r.appendError.message, /audit store write failed in .*: the disk is full \(ENOSPC\)/);
  t.equal(r.healthWhenFull.state, "failing");
  t.match(r.healthWhenFull.lastError, /the disk is full/);
  t.equal(r.readsWhenFull, r.acked, "every acknowledged row is still readable");
  t.same(r.refused?.status, 503);
  t.same(r.refused?.code, "audit_unavailable");
  t.match(r.refused?.message, /the audit log cannot be written, so this action is refused: .*the disk is full/);
  t.same(r.verifyWhenFull, { ok: true, rows: r.acked }, "the failed batch left no partial line behind");
  t.equal(r.healthAfter.state, "ok", "writable again once space is freed");
  t.same(r.verifyAfter, { ok: true, rows: r.acked + 2 }, "attempted + outcome rows appended after recovery, chain intact");
  t.ok(r.errorLogs >= 1, "the failure was logged");
});
