/**
 * Text filters for pipelines in the fake shell (`env | grep APP`, `ls / | wc -l`, `ps`): each reads stdin to
 * the end and writes its result. Only the flags people commonly type are understood.
 */
import type { InputStream } from "./input-stream.ts";

export interface FilterIo {
  stdin: InputStream;
  out(text: string): void;
  err(text: string): void;
}

async function readAll(stdin: InputStream): Promise<string[]> {
  let text = "";
  for (let chunk = await stdin.read(); chunk !== null; chunk = await stdin.read()) text += chunk;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const emit = (io: FilterIo, lines: string[]) => {
  if (lines.length > 0) io.out(lines.join("\n") + "\n");
};

function count(argv: string[], fallback: number): number {
  const n = argv.find((a, i) => /^-\d+$/.test(a) || argv[i - 1] === "-n");
  return n ? Math.abs(Number.parseInt(n, 10)) : fallback;
}

export async function grep(argv: string[], io: FilterIo): Promise<number> {
  const flags = argv.slice(1).filter((a) => a.startsWith("-")).join("");
  const pattern = argv.slice(1).find((a) => !a.startsWith("-"));
  if (pattern === undefined) {
    io.err("Usage: grep [-ivc] PATTERN\n");
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes("i") ? "i" : "");
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags.includes("i") ? "i" : "");
  }
  const matched = (await readAll(io.stdin)).filter((l) => re.test(l) !== flags.includes("v"));
  if (flags.includes("c")) io.out(`${matched.length}\n`);
  else emit(io, matched);
  return matched.length > 0 ? 0 : 1;
}

export async function wc(argv: string[], io: FilterIo): Promise<number> {
  const lines = await readAll(io.stdin);
  const words = lines.join(" ").split(/\s+/).filter(Boolean).length;
  const bytes = new TextEncoder().encode(lines.map((l) => l + "\n").join("")).length;
  const flag = argv[1];
  io.out(flag === "-l" ? `${lines.length}\n` : flag === "-w" ? `${words}\n` : flag === "-c" ? `${bytes}\n` : `${String(lines.length).padStart(7)} ${String(words).padStart(7)} ${String(bytes).padStart(7)}\n`);
  return 0;
}

export async function head(argv: string[], io: FilterIo): Promise<number> {
  emit(io, (await readAll(io.stdin)).slice(0, count(argv, 10)));
  return 0;
}

export async function tail(argv: string[], io: FilterIo): Promise<number> {
  const n = count(argv, 10);
  emit(io, n === 0 ? [] : (await readAll(io.stdin)).slice(-n));
  return 0;
}

export async function sort(argv: string[], io: FilterIo): Promise<number> {
  const lines = (await readAll(io.stdin)).sort();
  emit(io, argv.includes("-r") ? lines.reverse() : lines);
  return 0;
}

/** A believable process table: the image's main process as PID 1, then the shell. */
export function ps(image: string, shell: string): string {
  const main = /nginx/.test(image)
    ? "nginx: master process nginx -g daemon off;"
    : /postgres/.test(image)
      ? "postgres"
      : /redis/.test(image)
        ? "redis-server *:6379"
        : `/app/${(image.split("/").pop() ?? "").split(":")[0] || "server"}`;
  return `PID   USER     TIME  COMMAND\n    1 root      0:12 ${main}\n   42 root      0:00 ${shell}\n   57 root      0:00 ps\n`;
}
