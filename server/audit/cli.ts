/**
 * `npm run audit -- verify --dir <dir> [--json]`: check the hash chain of an audit directory.
 * Exit 0 intact, 1 tampered or broken, 2 usage or read error.
 */
import { formatReport, verifyAuditDir } from "./verify.ts";

const USAGE = "usage: npm run audit -- verify --dir <audit directory> [--json]";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let dir: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--dir") dir = rest[++i];
    else if (arg.startsWith("--dir=")) dir = arg.slice(6);
    else if (arg === "--json") json = true;
    else {
      process.stderr.write(`unknown argument ${JSON.stringify(arg)}\n${USAGE}\n`);
      return 2;
    }
  }
  if (command !== "verify" || !dir) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let report;
  try {
    report = await verifyAuditDir(dir);
  } catch (error) {
    process.stderr.write(`cannot read ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write((json ? JSON.stringify(report) : formatReport(report)) + "\n");
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
