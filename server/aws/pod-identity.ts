/**
 * EKS Pod Identity (and ECS) container credentials: GET AWS_CONTAINER_CREDENTIALS_FULL_URI with the
 * Authorization header set to the token file's content. The token file is projected by the kubelet and
 * rotates, so it is read again on every fetch.
 */
import { readFile } from "node:fs/promises";
import { AwsError } from "./errors.ts";
import { jsonBody } from "./request.ts";
import type { AwsCredentials, AwsDeps } from "./types.ts";

/** Plain http is only allowed to the node-local agents and loopback, as the AWS SDKs do. */
const HTTP_HOSTS = new Set(["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "127.0.0.1", "localhost", "[::1]"]);

export function podIdentityConfigured(deps: AwsDeps): boolean {
  return Boolean(deps.env.AWS_CONTAINER_CREDENTIALS_FULL_URI?.trim());
}

export async function fetchPodIdentityCredentials(deps: AwsDeps): Promise<AwsCredentials> {
  const op = "container credentials";
  const uri = deps.env.AWS_CONTAINER_CREDENTIALS_FULL_URI?.trim() ?? "";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AwsError("pod-identity", op, undefined, "InvalidConfiguration", "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && HTTP_HOSTS.has(url.hostname))) {
    throw new AwsError("pod-identity", op, undefined, "InvalidConfiguration", `AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a node-local agent, not ${url.host}`);
  }
  const headers: Record<string, string> = { accept: "application/json" };
  const tokenFile = deps.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE?.trim();
  if (tokenFile) {
    const read = deps.readTextFile ?? ((p: string) => readFile(p, "utf8"));
    let token: string;
    try {
      token = (await read(tokenFile)).trim();
    } catch {
      throw new AwsError("pod-identity", op, undefined, "TokenFileUnreadable", `cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${tokenFile}`);
    }
    headers.authorization = token;
  } else if (deps.env.AWS_CONTAINER_AUTHORIZATION_TOKEN) {
    headers.authorization = deps.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  }
  const timeoutMs = deps.timeoutMs ?? 5000;
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(url.href, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new AwsError("pod-identity", op, undefined, "NetworkError", `cannot reach the credentials agent at ${url.host}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AwsError("pod-identity", op, response.status, "CredentialsRefused", `the credentials agent at ${url.host} answered ${response.status}`);
  }
  const body = await jsonBody("pod-identity", op, response);
  return credentialsFromJson(body, "pod-identity", op);
}

/** The container credentials JSON shape: AccessKeyId, SecretAccessKey, Token, Expiration (ISO 8601). */
export function credentialsFromJson(body: Record<string, unknown>, service: string, op: string): AwsCredentials {
  const missing = ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"].filter((k) => typeof body[k] !== "string");
  if (missing.length > 0) throw new AwsError(service, op, undefined, "MalformedResponse", `missing ${missing.join(", ")}`);
  const expiration = Date.parse(body.Expiration as string);
  if (Number.isNaN(expiration)) throw new AwsError(service, op, undefined, "MalformedResponse", "Expiration is not a date");
  return {
    accessKeyId: body.AccessKeyId as string,
    secretAccessKey: body.SecretAccessKey as string,
    sessionToken: body.Token as string,
    expiration,
  };
}
