import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { ConfigError } from "./config-error.ts";

/**
 * Reads a YAML config file as untrusted data. Syntax errors name the file, line and column; duplicate keys are
 * errors (YAML would otherwise keep the last one silently).
 */
export async function readYamlFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, "(file)", "a readable YAML file", code === "ENOENT" ? "no such file" : `an unreadable file (${code ?? "error"})`);
  }
  return parseYamlText(text, path);
}

export function parseYamlText(text: string, source: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: "1.2" });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line} column ${pos.col}` : "(document)";
    throw new ConfigError(source, where, "valid YAML", first.message.split("\n")[0] ?? "a syntax error");
  }
  return doc.toJS() ?? {};
}
