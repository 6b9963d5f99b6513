/** `npm run sim`: the CLI serves the demo world over HTTPS and writes a kubeconfig kubectl can use as-is. */
import t from "tap";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectlFor } from "./kubectl.ts";

const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
const kubeconfigPath = join(dir, "kubeconfig");
const child = spawn(process.execPath, [new URL("./sim-cli.ts", import.meta.url).pathname, "--port", "0", "--kubeconfig", kubeconfigPath], { stdio: ["ignore", "pipe", "pipe"] });
t.teardown(() => {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

const started = await new Promise<{ url: string; contexts: string[]; world: string }>((resolve, reject) => {
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    const line = out.split("\n").find((l) => l.startsWith("{"));
    if (line) resolve(JSON.parse(line));
  });
  child.on("exit", (code) => reject(new Error(`sim exited with ${code}: ${out}`)));
});

t.test("the CLI prints where it listens and writes three contexts", async (t) => {
  t.match(started.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  t.same(started.contexts, ["admin", "viewer", "impersonator"]);
  t.match(started.world, /^demo world \(\d+ objects, churning\)$/);
  t.match(readFileSync(kubeconfigPath, "utf8"), /certificate-authority-data/);
});

t.test("kubectl with each context: admin reads everything, viewer cannot delete, impersonator only impersonates", async (t) => {
  const k = kubectlFor(readFileSync(kubeconfigPath, "utf8"));
  t.teardown(() => k.cleanup());
  const pods = await k.run(["get", "pods", "-A", "--no-headers"], { context: "admin" });
  t.equal(pods.code, 0, pods.stderr);
  t.ok(pods.stdout.trim().split("\n").length > 10, "the demo world has many pods");
  t.match(pods.stdout, /CrashLoopBackOff/);
  const viewer = await k.run(["auth", "can-i", "delete", "pods", "-A"], { context: "viewer" });
  t.equal(viewer.stdout.trim(), "no");
  t.equal((await k.run(["auth", "can-i", "list", "pods", "-A"], { context: "viewer" })).stdout.trim(), "yes");
  const own = await k.run(["auth", "can-i", "list", "pods"], { context: "impersonator" });
  t.equal(own.stdout.trim(), "no");
  const as = await k.run(["auth", "can-i", "list", "pods", "--as=someone", "--as-group=system:masters"], { context: "impersonator" });
  t.equal(as.stdout.trim(), "yes");
});
