/**
 * Turns apiserver failures into AppErrors that keep the apiserver's status class and message: a 403 from
 * Kubernetes stays a 403 with Kubernetes' own wording, a 409 carries its causes.
 */
import { AppError } from "../http/errors.ts";

const CODES: Record<number, string> = {
  400: "bad_request",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  409: "conflict",
  410: "expired",
  413: "too_large",
  415: "unsupported_media_type",
  422: "invalid",
  429: "too_many_requests",
};

export interface KubeStatus {
  message: string;
  reason: string | undefined;
  details: Record<string, unknown> | undefined;
}

/** Reads a `Status` body when there is one; other bodies become a short text excerpt. */
export function readStatus(body: string): KubeStatus {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && (parsed as { kind?: unknown }).kind === "Status") {
      const s = parsed as { message?: unknown; reason?: unknown; details?: unknown };
      return {
        message: typeof s.message === "string" ? s.message : "",
        reason: typeof s.reason === "string" ? s.reason : undefined,
        details: s.details && typeof s.details === "object" ? (s.details as Record<string, unknown>) : undefined,
      };
    }
  } catch {
    // not JSON
  }
  return { message: body.trim().slice(0, 300), reason: undefined, details: undefined };
}

/** An apiserver error response as an AppError for our clients. */
export function kubeHttpError(cluster: string, status: number, body: string): AppError {
  const s = readStatus(body);
  const message = s.message || `the apiserver of cluster ${cluster} answered ${status}`;
  const details: Record<string, unknown> = { cluster, upstreamStatus: status };
  if (s.reason) details.reason = s.reason;
  const causes = s.details?.causes;
  if (Array.isArray(causes)) details.causes = causes;
  if (status === 401) {
    // The console's own credential was refused: not the user's session, so never a 401 to the browser.
    return new AppError(502, "cluster_auth_failed", `cluster ${cluster} refused Periscope's credential: ${message}`, { details });
  }
  if (status >= 500) return new AppError(502, "cluster_error", `cluster ${cluster}: ${message}`, { details });
  if (status === 403 && /cannot impersonate/.test(message)) {
    // The console's own identity lacks the impersonator role: an operator problem, not the user's RBAC.
    return new AppError(502, "impersonation_refused", `cluster ${cluster} refused Periscope's impersonation (bind its identity to the impersonator role): ${message}`, { details });
  }
  return new AppError(status, CODES[status] ?? "cluster_error", message, { details });
}

/** A failure before any HTTP answer: timeout, refused connection, TLS. */
export function kubeNetworkError(cluster: string, error: unknown, timedOut: boolean): AppError {
  if (timedOut) return new AppError(504, "cluster_timeout", `cluster ${cluster} did not answer in time`, { details: { cluster } });
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new AppError(502, "cluster_unreachable", `cluster ${cluster} is unreachable: ${cause}`, { details: { cluster }, cause: error });
}

export function isForbidden(error: unknown): boolean {
  return error instanceof AppError && error.status === 403;
}
