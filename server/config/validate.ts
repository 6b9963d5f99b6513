import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { ConfigError, ConfigErrors, describeFound } from "./config-error.ts";

/**
 * Validates untrusted config data against a JSON Schema (draft-07, the same schema objects the chart embeds in
 * values.schema.json) and reports every problem as "file: key.path: expected X, found Y".
 */
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const compiled = new WeakMap<object, ValidateFunction>();

export function validateConfig<T>(schema: object, data: unknown, source: string): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(data)) return data as T;
  throw new ConfigErrors(toConfigErrors(validate.errors ?? [], data, source));
}

function keyPath(instancePath: string): string {
  if (instancePath === "") return "(top level)";
  return instancePath
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join("");
}

function valueAt(data: unknown, instancePath: string): unknown {
  let cur: unknown = data;
  for (const raw of instancePath.split("/").slice(1)) {
    const p = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function toConfigErrors(errors: ErrorObject[], data: unknown, source: string): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  // Drop the noise ajv adds for failed if/then and anyOf branches when a more precise error exists.
  const useful = errors.filter((e) => e.keyword !== "if" && !(e.keyword === "anyOf" && errors.length > 1));
  for (const e of useful.length > 0 ? useful : errors) {
    let key = keyPath(e.instancePath);
    let expected: string;
    let found = describeFound(valueAt(data, e.instancePath));
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "additionalProperties": {
        const extra = String(params.additionalProperty);
        key = e.instancePath === "" ? extra : `${key}.${extra}`;
        expected = "no such key (check the spelling)";
        found = "an unknown key";
        break;
      }
      case "required": {
        const missing = String(params.missingProperty);
        key = e.instancePath === "" ? missing : `${key}.${missing}`;
        expected = "this key to be set";
        found = "nothing";
        break;
      }
      case "enum":
        expected = `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        break;
      case "type":
        expected = `a value of type ${String(params.type)}`;
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        expected = `a number ${String(params.comparison)} ${String(params.limit)}`;
        break;
      case "pattern":
        expected = e.parentSchema && typeof e.parentSchema === "object" && "description" in e.parentSchema
          ? `a value matching ${String(params.pattern)}`
          : `a value matching ${String(params.pattern)}`;
        break;
      default:
        expected = e.message ?? e.keyword;
    }
    const line = `${key}|${expected}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(new ConfigError(source, key, expected, found));
  }
  return out;
}
