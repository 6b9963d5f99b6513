/**
 * `GET /api/clusters/{c}/pods/{ns}/{name}/exec?container=&command=&tty=` upgraded to a WebSocket
 * (server/live/exec-bridge.ts). Before the upgrade, with JSON errors: cluster, exec enabled for it, pod,
 * container, caps (429 listing the user's sessions), and the apiserver's own answer to the exec handshake
 * (a user without `create pods/exec` gets Kubernetes' 403). Same-origin is enforced by the app's middleware.
 */
import { requireIdentity } from "../auth/identity.ts";
import type { Identity } from "../auth/identity.ts";
import { kubeHttpError, kubeNetworkError } from "../clusters/kube-error.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import type { RequestContext, RouteHandler } from "../http/context.ts";
import { AppError } from "../http/errors.ts";
import { WebSocketHandshakeError } from "../platform/types.ts";
import type { Socket } from "../platform/types.ts";
import type { LiveDeps } from "../live/live-deps.ts";
import { startExecBridge } from "../live/exec-bridge.ts";
import type { ExecBridge, ExecBridgeResult } from "../live/exec-bridge.ts";
import { EXEC_PROTOCOLS } from "../live/exec-protocol.ts";
import { execLimitsFor } from "../live/exec-sessions.ts";
import type { ActiveExec } from "../live/exec-sessions.ts";
import { execTarget } from "../live/exec-target.ts";
import type { ExecTarget } from "../live/exec-target.ts";
import { holdSocket } from "../live/held-socket.ts";

const BROWSER_PROTOCOL = "periscope.exec.v1";

async function openUpstream(client: KubeClient, target: ExecTarget, command: string[]): Promise<Socket> {
  try {
    const socket = await client.socket({
      path: `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/exec`,
      query: { command, container: target.container, stdin: "true", stdout: "true", stderr: target.tty ? undefined : "true", tty: target.tty ? "true" : undefined },
      protocols: EXEC_PROTOCOLS,
    });
    return holdSocket(socket);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof WebSocketHandshakeError && error.status !== undefined) throw kubeHttpError(client.cluster, error.status, error.body);
    throw kubeNetworkError(client.cluster, error, false);
  }
}

async function auditExec(deps: LiveDeps, ctx: RequestContext, identity: Identity, cluster: string, target: ExecTarget, verb: "exec_open" | "exec_close", extra: Record<string, unknown>, outcome: "success" | "failure" = "success", reason?: string): Promise<void> {
  await deps.audit?.record?.({ requestId: ctx.requestId, identity, verb, outcome, ...(reason !== undefined ? { reason } : {}), cluster, resource: { resource: "pods", namespace: target.namespace, name: target.pod }, extra: { container: target.container, tty: target.tty, ...extra } });
}

export function podExec(deps: LiveDeps): RouteHandler {
  return async (ctx) => {
    const identity = requireIdentity(ctx);
    const cluster = ctx.params.cluster ?? "";
    const backend = deps.clusters.get(cluster);
    const limits = execLimitsFor(deps.settings.exec, backend.config.exec);
    if (!limits.enabled) throw new AppError(403, "exec_disabled", `exec is turned off for cluster ${cluster} (clusters.yaml exec.enabled: false)`);
    if ((ctx.request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
      throw new AppError(426, "upgrade_required", "exec is a WebSocket: connect with ws:// or wss:// to this URL", { headers: { upgrade: "websocket" } });
    }
    const client = deps.clusters.client(cluster, identity, ctx.requestId);
    const pod = await client.json({ path: `/api/v1/namespaces/${encodeURIComponent(ctx.params.namespace ?? "")}/pods/${encodeURIComponent(ctx.params.name ?? "")}` });
    const target = execTarget(pod, ctx.url);

    // Reserve the slot now: the checks below await, and two tabs must not both squeeze under the cap.
    deps.exec.checkCaps(identity.subject, cluster, limits);
    const sessionId = crypto.randomUUID();
    let bridge: ExecBridge | undefined;
    const session: ActiveExec = {
      owner: identity.subject,
      info: { id: sessionId, cluster, namespace: target.namespace, pod: target.pod, container: target.container, command: target.commands[0]!, startedAt: new Date().toISOString() },
      close: (reason, message) => bridge?.close(reason, message),
    };
    deps.exec.add(session);
    let opened: Socket | undefined;
    try {
      opened = await openUpstream(client, target, target.commands[0]!);
      // Fail closed: no audit row, no shell.
      await auditExec(deps, ctx, identity, cluster, target, "exec_open", { sessionId, command: target.commands[0] });
    } catch (error) {
      deps.exec.remove(sessionId);
      opened?.close(1000, "");
      throw error;
    }
    const upstream = opened;
    const started = Date.now();
    // From here on every exit writes exactly one exec_close: the bridge's end, or the failure below.
    let closeRecorded = false;
    const recordClose = (result: ExecBridgeResult, outcome: "success" | "failure", reason?: string) => {
      if (closeRecorded) return;
      closeRecorded = true;
      const extra = { sessionId, command: result.command, bytesIn: result.bytesIn, bytesOut: result.bytesOut, durationMs: result.durationMs, exitCode: result.exitCode, closeReason: result.reason };
      auditExec(deps, ctx, identity, cluster, target, "exec_close", extra, outcome, reason).catch((error: unknown) =>
        ctx.log.error("exec_close not recorded", { requestId: ctx.requestId, error: error instanceof Error ? error.message : String(error) }),
      );
    };

    let stopGuard = () => {};
    try {
      // The browser may have left while the apiserver was being asked: upgrading a closed connection would leave
      // a session that never hears its browser close (until the idle timeout).
      if (ctx.request.signal.aborted) throw new AppError(499, "client_gone", "the browser closed the connection before the session started");
      const offered = (ctx.request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
      let upgraded;
      try {
        upgraded = deps.platform.upgradeWebSocket(ctx.request, offered.includes(BROWSER_PROTOCOL) ? { protocol: BROWSER_PROTOCOL } : {});
      } catch (error) {
        throw new AppError(400, "upgrade_failed", `the WebSocket upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { socket: browser, response } = upgraded;
      let candidate = 0;
      stopGuard = deps.guard.watch(identity, () => bridge?.close("auth_expired", "your session has ended; sign in again"));
      bridge = startExecBridge({
        browser,
        upstream,
        command: target.commands[0]!,
        reopen:
          target.commands.length > 1
            ? async () => {
                candidate++;
                const command = target.commands[candidate];
                if (!command) return undefined;
                return { socket: await openUpstream(client, target, command), command };
              }
            : undefined,
        limits,
        hello: {
          sessionId,
          cluster,
          namespace: target.namespace,
          pod: target.pod,
          container: target.container,
          tty: target.tty,
          idleTimeoutSeconds: Math.round(limits.idleMs / 1000),
          idleWarnSeconds: Math.round(limits.idleWarnMs / 1000),
          heartbeatSeconds: Math.round(limits.heartbeatMs / 1000),
        },
        onEnd(result: ExecBridgeResult) {
          stopGuard();
          deps.exec.remove(sessionId);
          recordClose(result, result.reason === "error" ? "failure" : "success", result.reason === "error" ? result.message : undefined);
        },
      });
      return response;
    } catch (error) {
      stopGuard();
      deps.exec.remove(sessionId);
      bridge?.close("error", "the session could not start");
      upstream.close(1000, "");
      const message = error instanceof Error ? error.message : String(error);
      recordClose({ reason: "start_failed", exitCode: undefined, bytesIn: 0, bytesOut: 0, durationMs: Date.now() - started, command: target.commands[0]! }, "failure", message);
      throw error;
    }
  };
}
