/**
 * metav1.Status bodies as the apiserver writes them, for the subresources this folder serves (exec, logs,
 * metrics). Kept local so these modules stand alone; the wording matches kube-apiserver/kubelet.
 */
export interface K8sStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

const REASONS: Record<number, string> = {
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  500: "InternalError",
  503: "ServiceUnavailable",
};

export function failureStatus(code: number, message: string, details?: Record<string, unknown>): K8sStatus {
  const status: K8sStatus = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: REASONS[code] ?? "Unknown",
    code,
  };
  if (details) status.details = details;
  return status;
}

export function statusResponse(status: K8sStatus): Response {
  return new Response(JSON.stringify(status), {
    status: status.code,
    headers: { "content-type": "application/json", "cache-control": "no-cache, private" },
  });
}

export const badRequestStatus = (message: string) => statusResponse(failureStatus(400, message));

