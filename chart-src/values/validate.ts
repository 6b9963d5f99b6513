/**
 * Direct-mode validation of coalesced values against values.schema.json (the same object Helm checks), with one
 * JSON-pointer message per problem, e.g. `/ingress/host: required when /ingress/enabled is true`.
 */
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { JsonSchema } from "./schema-kit.ts";

export class ValuesError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`values don't meet the chart's schema:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "ValuesError";
    this.problems = problems;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new WeakMap<object, ValidateFunction>();

const esc = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");

function describe(e: ErrorObject): string | undefined {
  const at = e.instancePath || "/";
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "if":
      return undefined; // the failing `then` branch reports the precise key
    case "required":
      return `${e.instancePath}/${esc(String(p.missingProperty))}: missing required key`;
    case "additionalProperties":
      return `${e.instancePath}/${esc(String(p.additionalProperty))}: unknown key (not allowed here)`;
    case "enum":
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "propertyNames":
      return `${at}/${esc(String(p.propertyName))}: key name not allowed`;
    case "not":
      // Inside propertyNames the propertyNames error names the key; elsewhere the value itself is refused.
      return e.schemaPath.includes("/propertyNames/") ? undefined : `${at}: value not allowed here`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Throws ValuesError naming every bad key; returns the values unchanged when they conform. */
export function validateValues<T>(schema: JsonSchema, values: unknown): T {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  if (validate(values)) return values as T;
  const problems = [...new Set((validate.errors ?? []).map(describe).filter((m): m is string => m !== undefined))];
  throw new ValuesError(problems);
}
