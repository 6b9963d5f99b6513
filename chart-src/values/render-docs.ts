/** values.yaml (defaults with descriptions as comments) and the values reference table, both from the schema. */
import { stringify } from "yaml";
import { defaultsOf } from "./schema-kit.ts";
import type { JsonSchema } from "./schema-kit.ts";

const isBranch = (s: JsonSchema) => s.type === "object" && !("default" in s) && typeof s.properties === "object";
const props = (s: JsonSchema) => Object.entries((s.properties ?? {}) as Record<string, JsonSchema>);

function leafYaml(key: string, value: unknown, indent: string): string[] {
  return stringify({ [key]: value }, { lineWidth: 0, version: "1.1" }).replace(/\n$/, "").split("\n").map((l) => indent + l);
}

function comment(s: JsonSchema, indent: string): string[] {
  const d = typeof s.description === "string" ? s.description : "";
  return d ? [`${indent}# ${d}`] : [];
}

function walkYaml(s: JsonSchema, indent: string): string[] {
  const out: string[] = [];
  for (const [key, child] of props(s)) {
    out.push(...comment(child, indent));
    if (isBranch(child)) {
      const empty = Object.keys(defaultsOf(child) as object).length === 0;
      out.push(`${indent}${key}:${empty ? " {}" : ""}`, ...walkYaml(child, indent + "  "));
    } else if ("default" in child) {
      out.push(...leafYaml(key, child.default, indent));
    } else {
      out.push(`${indent}# ${key}: ""`);
    }
  }
  return out;
}

export function valuesYaml(schema: JsonSchema): string {
  return [
    "# Periscope chart values. Generated from chart-src/values (npm run chart): do not edit by hand.",
    "# Every object is closed: an unknown key is an error naming it. Reference: README.md / docs/setup/values.md.",
    "",
    ...walkYaml(schema, ""),
  ].join("\n") + "\n";
}

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  const t = Array.isArray(s.type) ? s.type.join(" \\| ") : String(s.type ?? "any");
  if (t === "array" && s.items && typeof s.items === "object" && (s.items as JsonSchema).type) return `list of ${String((s.items as JsonSchema).type)}`;
  if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return "map";
  const bounds = [s.minimum !== undefined ? `≥ ${String(s.minimum)}` : "", s.maximum !== undefined ? `≤ ${String(s.maximum)}` : ""].filter(Boolean).join(", ");
  return bounds ? `${t} (${bounds})` : t;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function walkRows(s: JsonSchema, prefix: string, rows: string[], inItems = false): void {
  const required = new Set((s.required as string[] | undefined) ?? []);
  for (const [key, child] of props(s)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isBranch(child)) {
      walkRows(child, path, rows, inItems);
      continue;
    }
    const items = child.items as JsonSchema | undefined;
    // Helm fills no defaults inside list entries: there a key is either required or optional.
    const def = inItems ? (required.has(key) ? "(required)" : "(optional)") : "default" in child ? `\`${JSON.stringify(child.default)}\`` : "(unset)";
    const desc = typeof child.description === "string" ? child.description : "";
    rows.push(`| \`${path}\` | ${typeOf(child).includes("\\|") ? typeOf(child) : cell(typeOf(child))} | ${cell(def)} | ${cell(desc)} |`);
    // List entries with a known shape (clusters[], ...) get their own rows.
    if (child.type === "array" && items && items.type === "object" && items.properties) walkRows(items, `${path}[]`, rows, true);
  }
}

export function valuesTable(schema: JsonSchema): string {
  const rows: string[] = ["| Key | Type | Default | Description |", "|---|---|---|---|"];
  walkRows(schema, "", rows);
  return rows.join("\n") + "\n";
}
