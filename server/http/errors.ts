/**
 * Errors are values with a class: an HTTP status, a stable machine code and a human message.
 * Handlers throw or return `AppError`; one place (`errorResponse`) turns them into JSON.
 */
import { jsonResponse } from "./json-response.ts";

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra, non-secret facts for the client (e.g. conflict causes, active sessions). */
  readonly details: Record<string, unknown> | undefined;
  /** Response headers to add (e.g. Retry-After, Allow). */
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

type Extra = { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown };

export const badRequest = (message: string, extra?: Extra) => new AppError(400, "bad_request", message, extra);
export const unauthenticated = (message = "sign in first", extra?: Extra) =>
  new AppError(401, "unauthenticated", message, extra);
export const forbidden = (message: string, extra?: Extra) => new AppError(403, "forbidden", message, extra);
export const notFound = (message: string, extra?: Extra) => new AppError(404, "not_found", message, extra);
export const methodNotAllowed = (allowed: string[]) =>
  new AppError(405, "method_not_allowed", `method not allowed; use ${allowed.join(", ")}`, {
    headers: { allow: allowed.join(", ") },
  });
export const conflict = (message: string, extra?: Extra) => new AppError(409, "conflict", message, extra);
export const tooManyRequests = (message: string, extra?: Extra) =>
  new AppError(429, "too_many_requests", message, extra);
export const unavailable = (message: string, extra?: Extra) => new AppError(503, "unavailable", message, extra);

/** JSON body for an error, never with a stack trace. Unknown errors become a generic 500. */
export function errorResponse(error: unknown, requestId: string): Response {
  const e =
    error instanceof AppError
      ? error
      : new AppError(500, "internal", "internal error; the server log has details under this request id");
  const body: Record<string, unknown> = { code: e.code, message: e.message, requestId };
  if (e.details) body.details = e.details;
  return jsonResponse(body, { status: e.status, headers: e.headers });
}
