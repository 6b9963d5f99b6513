/**
 * Secret references (SPEC §2), resolved once at boot for every secret-bearing field:
 *   ${ENV_VAR}                          the variable's value (must be set and non-empty)
 *   file:///path                        the file's content, trailing newlines removed
 *   aws-secretsmanager://id[#jsonKey]   GetSecretValue (string or binary); with #key, that key of the JSON object
 *   aws-ssm:///path                     GetParameter WithDecryption (SecureString)
 *   anything else                       the literal itself
 * Errors name the kind and the reference (variable, path, secret id, key) and never the value.
 */
import { readFile } from "node:fs/promises";
import { createBaseCredentials } from "../aws/base-credentials.ts";
import { arnRegion, envRegion } from "../aws/endpoints.ts";
import { getParameter, getSecretValue } from "../aws/secrets.ts";
import type { AwsDeps, CredentialProvider } from "../aws/types.ts";
import { ConfigError } from "./config-error.ts";

export type SecretRefKind = "env" | "file" | "aws-secretsmanager" | "aws-ssm" | "literal";

export interface SecretRefDeps extends AwsDeps {
  /** The console's AWS identity; created from `env` when absent and an aws-* reference needs it. */
  baseCredentials?: CredentialProvider | undefined;
}

export class SecretRefError extends Error {
  readonly kind: SecretRefKind;
  readonly reference: string;
  constructor(kind: SecretRefKind, reference: string, reason: string) {
    super(`secret reference ${reference}: ${reason}`);
    this.name = "SecretRefError";
    this.kind = kind;
    this.reference = reference;
  }
}

/** Which kind of reference a value is (never reads anything). */
export function secretRefKind(value: string): SecretRefKind {
  if (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)) return "env";
  if (value.startsWith("file://")) return "file";
  if (value.startsWith("aws-secretsmanager://")) return "aws-secretsmanager";
  if (value.startsWith("aws-ssm://")) return "aws-ssm";
  return "literal";
}

export async function resolveSecretRef(value: string, deps: SecretRefDeps): Promise<string> {
  const kind = secretRefKind(value);
  switch (kind) {
    case "literal":
      return value;
    case "env": {
      const name = value.slice(2, -1);
      const found = deps.env[name];
      if (found === undefined || found === "") throw new SecretRefError(kind, value, `environment variable ${name} is ${found === undefined ? "not set" : "empty"}`);
      return found;
    }
    case "file":
      return resolveFile(value, deps);
    case "aws-secretsmanager":
      return resolveSecretsManager(value, deps);
    case "aws-ssm":
      return resolveSsm(value, deps);
  }
}

/** The same, reported as a boot ConfigError for `source` (a file name) and `key` (the field's path). */
export async function resolveSecretField(value: string, deps: SecretRefDeps, source: string, key: string): Promise<string> {
  try {
    return await resolveSecretRef(value, deps);
  } catch (error) {
    const reason = error instanceof SecretRefError ? error.message : `secret reference ${secretRefKind(value)}: cannot be resolved`;
    throw new ConfigError(source, key, "a resolvable secret", reason);
  }
}

async function resolveFile(value: string, deps: SecretRefDeps): Promise<string> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(value).pathname);
  } catch {
    throw new SecretRefError("file", value, "expected file:///absolute/path");
  }
  if (!value.startsWith("file:///")) throw new SecretRefError("file", value, "expected file:///absolute/path (three slashes)");
  let text: string;
  try {
    text = await (deps.readTextFile ?? ((p: string) => readFile(p, "utf8")))(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new SecretRefError("file", value, code === "ENOENT" ? "the file does not exist" : `the file cannot be read${typeof code === "string" ? ` (${code})` : ""}`);
  }
  const trimmed = text.replace(/(\r?\n)+$/, "");
  if (trimmed === "") throw new SecretRefError("file", value, "the file is empty");
  return trimmed;
}

async function resolveSecretsManager(value: string, deps: SecretRefDeps): Promise<string> {
  const rest = value.slice("aws-secretsmanager://".length);
  const hash = rest.lastIndexOf("#");
  const secretId = hash === -1 ? rest : rest.slice(0, hash);
  const jsonKey = hash === -1 ? undefined : rest.slice(hash + 1);
  if (!secretId) throw new SecretRefError("aws-secretsmanager", value, "expected aws-secretsmanager://<secret id or ARN>[#jsonKey]");
  if (jsonKey === "") throw new SecretRefError("aws-secretsmanager", value, "the #jsonKey after the secret id is empty");
  const { credentials, region } = await awsAccess("aws-secretsmanager", value, secretId, deps);
  let secret;
  try {
    secret = await getSecretValue(deps, credentials, region, secretId);
  } catch (error) {
    throw new SecretRefError("aws-secretsmanager", value, awsReason(error));
  }
  let text: string;
  if (secret.kind === "string") text = secret.value;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(secret.value);
    } catch {
      throw new SecretRefError("aws-secretsmanager", value, "the binary secret is not UTF-8 text");
    }
  }
  if (jsonKey === undefined) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the input, so they must not travel on
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SecretRefError("aws-secretsmanager", value, `the secret is not a JSON object, so key "${jsonKey}" cannot be read`);
  }
  const field = (parsed as Record<string, unknown>)[jsonKey];
  if (field === undefined) throw new SecretRefError("aws-secretsmanager", value, `the secret's JSON has no key "${jsonKey}"`);
  if (typeof field === "string") return field;
  if (typeof field === "number" || typeof field === "boolean") return String(field);
  throw new SecretRefError("aws-secretsmanager", value, `key "${jsonKey}" holds ${field === null ? "null" : "an object"}, not a string`);
}

async function resolveSsm(value: string, deps: SecretRefDeps): Promise<string> {
  const rest = value.slice("aws-ssm://".length);
  // aws-ssm:///prod/x names "/prod/x"; aws-ssm://name and aws-ssm://arn:... name the parameter as written
  const name = rest;
  if (!name || name === "/") throw new SecretRefError("aws-ssm", value, "expected aws-ssm:///parameter/path");
  const { credentials, region } = await awsAccess("aws-ssm", value, name, deps);
  try {
    return await getParameter(deps, credentials, region, name);
  } catch (error) {
    throw new SecretRefError("aws-ssm", value, awsReason(error));
  }
}

async function awsAccess(kind: SecretRefKind, value: string, id: string, deps: SecretRefDeps) {
  const region = arnRegion(id) ?? envRegion(deps.env);
  if (!region) throw new SecretRefError(kind, value, "needs a region: set AWS_REGION or use the full ARN");
  const provider = deps.baseCredentials ?? createBaseCredentials(deps);
  if (!provider) {
    throw new SecretRefError(kind, value, "needs AWS credentials (Pod Identity, IRSA or AWS_ACCESS_KEY_ID) and the environment names none");
  }
  try {
    return { credentials: await provider.get(), region };
  } catch (error) {
    throw new SecretRefError(kind, value, `cannot get AWS credentials from ${provider.kind}: ${awsReason(error)}`);
  }
}

function awsReason(error: unknown): string {
  return error instanceof Error && error.name === "AwsError" ? error.message : "the AWS call failed";
}
