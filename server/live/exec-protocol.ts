/**
 * The apiserver side of exec: Kubernetes' channel.k8s.io WebSocket framing (one leading byte names the stream)
 * and the Status on the error channel that carries the exit code.
 */
export const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
export const CH_STDIN = 0;
export const CH_STDOUT = 1;
export const CH_STDERR = 2;
export const CH_ERROR = 3;
export const CH_RESIZE = 4;
/** v5 only: "this stream is closed" (half-close of stdin). */
export const CH_CLOSE = 255;
/** An empty message: no channel byte, so the apiserver's reader skips it (keepalive toward the apiserver). */
export const KEEPALIVE: Uint8Array = new Uint8Array(0);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function channelFrame(channel: number, data: Uint8Array | string): Uint8Array {
  const body = typeof data === "string" ? encoder.encode(data) : data;
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

export function resizeFrame(cols: number, rows: number): Uint8Array {
  return channelFrame(CH_RESIZE, JSON.stringify({ Width: cols, Height: rows }));
}

/** The end of a command as the error channel reports it. */
export type ExecStatus = { exitCode: number } | { error: string; notFound: boolean };

export function parseExecStatus(data: Uint8Array): ExecStatus {
  let status: unknown;
  try {
    status = JSON.parse(decoder.decode(data));
  } catch {
    return { error: decoder.decode(data).slice(0, 500), notFound: false };
  }
  const s = (status ?? {}) as { status?: unknown; reason?: unknown; message?: unknown; details?: { causes?: unknown } };
  if (s.status === "Success") return { exitCode: 0 };
  if (s.reason === "NonZeroExitCode") {
    const causes = Array.isArray(s.details?.causes) ? (s.details.causes as Array<{ reason?: unknown; message?: unknown }>) : [];
    const code = Number(causes.find((c) => c.reason === "ExitCode")?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  const message = typeof s.message === "string" ? s.message : "the command failed to start";
  return { error: message, notFound: /executable file not found|no such file or directory/i.test(message) };
}
