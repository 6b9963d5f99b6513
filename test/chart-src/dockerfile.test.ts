/**
 * The container build matches what the chart assumes: UID 65532 (podSecurityContext), port 8080 (service.port
 * default), entry `node server/main.ts`, and every module the server loads at runtime is inside the image: files
 * under the copied directories and packages from `dependencies` (devDependencies are not installed).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import t from "tap";
import { renderManifests } from "../../chart-src/emit/direct.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(ROOT, "deploy/Dockerfile"), "utf8");

t.test("image facts agree with the chart defaults", async (t) => {
  const deployment = renderManifests({}).find((d) => d.kind === "Deployment") as { spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } } };
  const sc = deployment.spec.template.spec.securityContext;
  t.match(dockerfile, new RegExp(`^USER ${sc.runAsUser}:${sc.runAsGroup}$`, "m"), "USER matches runAsUser/runAsGroup");
  t.match(dockerfile, /^EXPOSE 8080$/m);
  t.match(dockerfile, /^ENTRYPOINT \["node", "server\/main\.ts"\]$/m);
  t.match(dockerfile, /npm ci --omit=dev --ignore-scripts/);
});

/** Runtime imports (type-only imports are erased by type stripping). */
function importsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push((m[1] ?? m[2])!);
  return out;
}

t.test("everything server/main.ts loads at runtime ships in the image", async (t) => {
  const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) \.\/\S*$/gm)].map((m) => m[1]!);
  t.ok(copied.includes("server") && copied.includes("ui"), `copied: ${copied.join(", ")}`);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [join(ROOT, "server/main.ts")];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target) && target.endsWith(".ts")) queue.push(target);
      } else if (!spec.startsWith("node:")) {
        packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      }
    }
  }
  const outside = [...seen].map((f) => relative(ROOT, f)).filter((f) => !copied.some((dir) => f.startsWith(`${dir}/`)));
  t.same(outside, [], "no runtime file outside the copied directories");
  const missing = [...packages].filter((p) => !(p in pkg.dependencies));
  t.same(missing, [], `runtime packages are production dependencies (${[...packages].join(", ")})`);
  t.ok(seen.size > 20, `${seen.size} runtime modules walked`);
});
