/**
 * npm run chart:render -- -f values.yaml [-f more.yaml] [--release r] [-n ns]
 * Prints the manifests from direct synthesis (no Helm). Bad values exit 1 with one JSON-pointer line per problem.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { manifestsToYaml, renderManifests } from "../emit/direct.ts";
import { coalesce } from "../values/coalesce.ts";
import { ValuesError } from "../values/validate.ts";

function main(argv: string[]): number {
  let values: unknown = {};
  let release = "periscope";
  let namespace = "default";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "-f" || a === "--values") values = coalesce(values, parse(readFileSync(next(), "utf8"), { version: "1.1" }) ?? {});
    else if (a === "--release") release = next();
    else if (a === "-n" || a === "--namespace") namespace = next();
    else throw new Error(`unknown argument ${a} (use -f values.yaml, --release NAME, -n NAMESPACE)`);
  }
  try {
    process.stdout.write(manifestsToYaml(renderManifests(values, { release, namespace })));
    return 0;
  } catch (error) {
    if (error instanceof ValuesError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`chart:render: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
