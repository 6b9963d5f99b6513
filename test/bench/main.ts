/**
 * `npm run bench`: speed and memory figures as one JSON document on stdout (never pass/fail).
 * `npm run bench -- healthz audit` runs only the named sections.
 */
type Bench = () => Promise<Record<string, unknown>>;

const sections: Record<string, Bench> = {
  healthz: async () => (await import("./healthz.ts")).healthzBench(),
  resources: async () => (await import("./resources.ts")).resourcesBench(),
  audit: async () => (await import("./audit.ts")).auditBench(),
  ui: async () => (await import("./ui.ts")).uiBench(),
  live: async () => {
    const path = "./live.ts";
    const mod = (await import(path)) as { liveBench?: Bench };
    if (!mod.liveBench) throw new Error("test/bench/live.ts exports no liveBench");
    return mod.liveBench();
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(sections);
const out: Record<string, unknown> = { time: new Date().toISOString(), node: process.version };
for (const name of names) {
  const bench = sections[name];
  if (!bench) {
    out[name] = { error: `unknown section; choose from ${Object.keys(sections).join(", ")}` };
    continue;
  }
  process.stderr.write(`bench: ${name}…\n`);
  try {
    out[name] = await bench();
  } catch (error) {
    out[name] = { error: error instanceof Error ? error.message : String(error) };
  }
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
process.exit(0);
