/**
 * npm run chart        → regenerate deploy/helm/periscope and docs/setup/values.md
 * npm run chart:check  → exit 1 when the committed files differ from a fresh generation (CI)
 * --root DIR            → operate on another checkout (tests)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHART_DIR, generateChart } from "../emit/write-chart.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Paths (relative to root) that differ between `root` and a fresh generation. */
export function chartDrift(root = ROOT): string[] {
  const files = generateChart();
  const drift: string[] = [];
  for (const [path, text] of files) {
    const full = join(root, path);
    if (!existsSync(full) || readFileSync(full, "utf8") !== text) drift.push(path);
  }
  for (const full of listFiles(join(root, CHART_DIR))) {
    const path = relative(root, full);
    if (!files.has(path)) drift.push(`${path} (not generated)`);
  }
  return drift;
}

export function writeChart(root = ROOT): number {
  const files = generateChart();
  rmSync(join(root, CHART_DIR), { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return files.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rootArg = process.argv.indexOf("--root");
  const root = rootArg > 0 && process.argv[rootArg + 1] ? resolve(process.argv[rootArg + 1]!) : ROOT;
  if (process.argv.includes("--check")) {
    const drift = chartDrift(root);
    if (drift.length > 0) {
      process.stderr.write(`chart:check: the committed chart differs from chart-src; run npm run chart\n${drift.map((d) => `  ${d}`).join("\n")}\n`);
      process.exit(1);
    }
    process.stdout.write("chart:check: deploy/helm/periscope is up to date\n");
  } else {
    process.stdout.write(`chart: wrote ${writeChart(root)} files\n`);
  }
}
