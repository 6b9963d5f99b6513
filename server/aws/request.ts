/**
 * One signed AWS call: SigV4 by aws4fetch, then our own bounded retry loop (aws4fetch's default of 10 retries
 * is far too many for a console that answers humans) with full jitter and a per-attempt timeout.
 * Requests are re-signed on every attempt so the signature date stays fresh.
 */
import { AwsClient } from "aws4fetch";
import { awsErrorFrom, AwsError } from "./errors.ts";
import type { AwsCredentials, AwsDeps, AwsService } from "./types.ts";

export interface AwsRequest {
  service: AwsService;
  region: string;
  /** For error messages: "AssumeRole", "DescribeCluster", ... */
  operation: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Undefined = an unsigned call (AssumeRoleWithWebIdentity). */
  credentials: AwsCredentials | undefined;
}

const RETRYABLE_CODES = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "IDPCommunicationError"]);

/** The AWS date format used in signatures: 20261125T074500Z. */
export function amzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/** Sends the request; resolves with a 2xx response or throws an AwsError. */
export async function awsCall(deps: AwsDeps, req: AwsRequest): Promise<Response> {
  const doFetch = deps.fetch ?? fetch;
  const clock = deps.clock ?? Date.now;
  const retries = Math.max(0, deps.retries ?? 2);
  const base = deps.retryBaseMs ?? 100;
  const timeoutMs = deps.timeoutMs ?? 5000;
  let last: AwsError | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(Math.random() * Math.min(2000, base * 2 ** attempt));
    const init: RequestInit = { method: req.method ?? "GET", headers: req.headers ?? {} };
    if (req.body !== undefined) init.body = req.body;
    let request: Request;
    if (req.credentials) {
      const client = new AwsClient({
        accessKeyId: req.credentials.accessKeyId,
        secretAccessKey: req.credentials.secretAccessKey,
        sessionToken: req.credentials.sessionToken,
        service: req.service,
        region: req.region,
        retries: 0,
      });
      request = await client.sign(req.url, { ...init, aws: { service: req.service, region: req.region, datetime: amzDate(clock()) } });
    } else {
      request = new Request(req.url, init);
    }
    let response: Response;
    try {
      response = await doFetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      last = new AwsError(req.service, req.operation, undefined, timedOut ? "Timeout" : "NetworkError", timedOut ? `no answer within ${timeoutMs} ms` : describeNetworkError(error));
      continue;
    }
    if (response.ok) return response;
    last = await awsErrorFrom(req.service, req.operation, response);
    const retryable = response.status >= 500 || response.status === 429 || RETRYABLE_CODES.has(last.code);
    if (!retryable) throw last;
  }
  throw last ?? new AwsError(req.service, req.operation, undefined, "UnknownError", "");
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return `cannot connect (${cause.code})`;
  return "cannot connect";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a JSON body as unknown; a broken body is an AwsError naming the operation. */
export async function jsonBody(service: string, operation: string, response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AwsError(service, operation, response.status, "MalformedResponse", "the response is not a JSON object");
}
