/**
 * Kubernetes `Status` bodies. Failures are AppError values whose `code` is the Status reason
 * (NotFound, Forbidden, ...) and whose `details` is the Status `details`; `statusResponse` renders them.
 */
import { AppError } from "../http/errors.ts";
import { resourceKey } from "./types.ts";

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason?: string; message: string; field?: string }>;
  retryAfterSeconds?: number;
}

export const kubeError = (status: number, reason: string, message: string, details?: StatusDetails) =>
  new AppError(status, reason, message, details ? { details: details as Record<string, unknown> } : {});

const qualified = (group: string, plural: string) => resourceKey(group, plural);

export const notFoundError = (group: string, plural: string, name: string) =>
  kubeError(404, "NotFound", `${qualified(group, plural)} "${name}" not found`, { name, group, kind: plural });

export const alreadyExists = (group: string, plural: string, name: string) =>
  kubeError(409, "AlreadyExists", `${qualified(group, plural)} "${name}" already exists`, { name, group, kind: plural });

export const conflictError = (group: string, plural: string, name: string, why: string) =>
  kubeError(409, "Conflict", `Operation cannot be fulfilled on ${qualified(group, plural)} "${name}": ${why}`, { name, group, kind: plural });

export const invalid = (kind: string, group: string, name: string, causes: Array<{ field: string; message: string }>) =>
  kubeError(422, "Invalid", `${kind}${group ? "." + group : ""} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: "FieldValueInvalid", message: c.message, field: c.field })),
  });

export const badRequestError = (message: string) => kubeError(400, "BadRequest", message);

export const expired = (message: string) => kubeError(410, "Expired", message);

export const methodNotSupported = (plural: string, verb: string) =>
  kubeError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { kind: plural, causes: [{ message: `${verb} is not supported` }] });

export function statusObject(error: unknown): Record<string, unknown> {
  const e = error instanceof AppError ? error : kubeError(500, "InternalError", "Internal error occurred: the simulator failed");
  const body: Record<string, unknown> = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: e.message,
    reason: /^[A-Z]/.test(e.code) ? e.code : codeToReason(e.status),
    code: e.status,
  };
  if (e.details) body.details = e.details;
  return body;
}

function codeToReason(status: number): string {
  const map: Record<number, string> = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed", 409: "Conflict", 410: "Expired", 415: "UnsupportedMediaType", 422: "Invalid", 429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable" };
  return map[status] ?? "Unknown";
}

export function statusResponse(error: unknown): Response {
  const body = statusObject(error);
  const e = error instanceof AppError ? error : undefined;
  return new Response(JSON.stringify(body), {
    status: Number(body.code),
    headers: { "content-type": "application/json", ...e?.headers },
  });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function successStatus(details: StatusDetails): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details };
}
