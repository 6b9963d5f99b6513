/**
 * One exec session: the browser's WebSocket on one side, the apiserver's channel.k8s.io WebSocket on the other.
 * Browser frames: binary = stdin; JSON text {type: "resize", cols, rows} | {type: "stdin_close"} | {type: "close"}.
 * Out: binary = stdout/stderr; JSON text hello, heartbeat, idle_warn, error, closed {reason, exitCode?}.
 * Idle = no bytes either way; a warning `idleWarnMs` before the close.
 */
import type { Socket } from "../platform/types.ts";
import { CH_CLOSE, CH_ERROR, CH_STDERR, CH_STDIN, CH_STDOUT, KEEPALIVE, channelFrame, parseExecStatus, resizeFrame } from "./exec-protocol.ts";
import type { ExecLimits } from "./settings.ts";

export interface ExecBridgeResult {
  reason: string;
  exitCode: number | undefined;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  /** The command that actually ran (after the bash → sh fallback). */
  command: string[];
  /** Why it ended, in words, when there is more to say than the reason code. */
  message?: string | undefined;
}

export interface ExecBridgeOptions {
  browser: Socket;
  upstream: Socket;
  /** Opens the next candidate command when the first one is not in the image (default shell fallback). */
  reopen: (() => Promise<{ socket: Socket; command: string[] } | undefined>) | undefined;
  command: string[];
  limits: Pick<ExecLimits, "idleMs" | "idleWarnMs" | "heartbeatMs">;
  hello: Record<string, unknown>;
  onEnd(result: ExecBridgeResult): void;
}

export interface ExecBridge {
  close(reason: string, message?: string): void;
}

export function startExecBridge(o: ExecBridgeOptions): ExecBridge {
  const { browser } = o;
  const started = Date.now();
  let upstream = o.upstream;
  let command = o.command;
  let bytesIn = 0;
  let bytesOut = 0;
  let exitCode: number | undefined;
  let failure: string | undefined;
  let ended = false;
  let lastActivity = Date.now();
  let warned = false;
  /** True while the bash → sh fallback opens its next candidate. */
  let switching = false;

  // Not `browser.isOpen`: right after the upgrade the socket is still connecting and the platform queues sends.
  let browserGone = false;
  const control = (message: Record<string, unknown>) => {
    if (!browserGone) browser.send(JSON.stringify(message));
  };
  const activity = () => {
    lastActivity = Date.now();
    warned = false;
  };

  // One tick keeps both legs alive through idle proxies and load balancers: a `heartbeat` frame to the browser and
  // an empty binary message to the apiserver. Kubernetes' channel.k8s.io reader skips empty messages before
  // reading the channel byte (v4 and v5, and the kubelet's own), and each one resets its read deadline; unlike a
  // WebSocket ping (what client-go sends) it works on both runtimes, as Deno's WebSocket client cannot ping.
  const heartbeat = setInterval(() => {
    control({ type: "heartbeat", time: new Date().toISOString() });
    if (upstream.isOpen && !switching) upstream.send(KEEPALIVE);
  }, o.limits.heartbeatMs);
  const idleCheck = setInterval(() => {
    const idle = Date.now() - lastActivity;
    if (idle >= o.limits.idleMs) finish("idle_timeout", `closed after ${Math.round(o.limits.idleMs / 1000)} s without activity`);
    else if (!warned && idle >= o.limits.idleMs - o.limits.idleWarnMs) {
      warned = true;
      control({ type: "idle_warn", closesInSeconds: Math.max(1, Math.round((o.limits.idleMs - idle) / 1000)) });
    }
  }, Math.max(20, Math.min(1_000, Math.floor(o.limits.idleWarnMs / 4))));

  function finish(reason: string, message?: string): void {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    clearInterval(idleCheck);
    control({ type: "closed", reason, ...(exitCode !== undefined ? { exitCode } : {}), ...(message ? { message } : {}) });
    if (upstream.isOpen) upstream.close(1000, "");
    if (!browserGone) browser.close(1000, reason.slice(0, 100));
    o.onEnd({ reason, exitCode, bytesIn, bytesOut, durationMs: Date.now() - started, command, message });
  }

  let candidateOutput = false;
  const attachUpstream = (socket: Socket) => {
    socket.onMessage((data) => {
      if (ended || socket !== upstream || typeof data === "string" || data.length === 0) return;
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === CH_STDOUT || channel === CH_STDERR) {
        if (body.length === 0) return; // the "streams ready" hello frame
        candidateOutput = true;
        bytesOut += body.length;
        activity();
        if (!browserGone) browser.send(body);
      } else if (channel === CH_ERROR) {
        const status = parseExecStatus(body);
        if ("exitCode" in status) exitCode = status.exitCode;
        else if (status.notFound && !candidateOutput && o.reopen) void tryNext(status.error);
        else failure = status.error;
      }
    });
    socket.onClose(() => {
      if (socket !== upstream || ended || switching) return;
      if (failure !== undefined) {
        control({ type: "error", code: "exec_failed", message: failure });
        finish("error", failure);
      } else finish(exitCode !== undefined ? "exited" : "upstream_closed");
    });
    socket.onError((error) => {
      if (socket !== upstream || ended || switching) return;
      control({ type: "error", code: "upstream_error", message: error.message });
    });
  };

  const tryNext = async (why: string) => {
    switching = true;
    const next = await o.reopen!().catch(() => undefined);
    switching = false;
    if (ended) return next?.socket.close(1000, "");
    if (!next) {
      failure = why;
      control({ type: "error", code: "exec_failed", message: why });
      return finish("error", why);
    }
    const old = upstream;
    upstream = next.socket;
    command = next.command;
    old.close(1000, "");
    attachUpstream(upstream);
    control({ type: "hello", ...o.hello, command });
  };

  attachUpstream(upstream);

  browser.onMessage((data) => {
    if (ended) return;
    activity();
    if (typeof data !== "string") {
      bytesIn += data.length;
      if (upstream.isOpen) upstream.send(channelFrame(CH_STDIN, data));
      return;
    }
    let message: { type?: unknown; cols?: unknown; rows?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      control({ type: "error", code: "bad_frame", message: "text frames must be JSON control messages; send keystrokes as binary frames" });
      return;
    }
    if (message.type === "resize") {
      const cols = Number(message.cols);
      const rows = Number(message.rows);
      if (Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0 && cols < 10_000 && rows < 10_000) {
        if (upstream.isOpen) upstream.send(resizeFrame(cols, rows));
      } else control({ type: "error", code: "bad_resize", message: "resize needs positive integer cols and rows" });
    } else if (message.type === "stdin_close") {
      // v5 can half-close stdin (EOF for `cat`); v4 cannot, so the session is closed instead.
      if (upstream.protocol === "v5.channel.k8s.io") upstream.send(channelFrame(CH_CLOSE, new Uint8Array([CH_STDIN])));
      else finish("client_closed");
    } else if (message.type === "close") finish("client_closed");
    else if (message.type !== "ping") control({ type: "error", code: "bad_frame", message: `unknown control message ${JSON.stringify(message.type)}` });
  });
  browser.onClose(() => {
    browserGone = true;
    finish("client_closed");
  });

  control({ type: "hello", ...o.hello, command, protocol: upstream.protocol });
  return { close: finish };
}
