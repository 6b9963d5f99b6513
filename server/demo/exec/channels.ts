/**
 * The Kubernetes WebSocket exec framing (channel.k8s.io): every binary message starts with one byte naming
 * the stream. v4 added JSON Status on the error channel; v5 adds the client's "close stream" signal (255).
 */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export const V5 = "v5.channel.k8s.io";
export const V4 = "v4.channel.k8s.io";
/** Preference order when a client offers several. */
export const SUPPORTED_PROTOCOLS = [V5, V4] as const;

const encoder = new TextEncoder();

export function frame(channel: number, data: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  const body = typeof data === "string" ? encoder.encode(data) : data;
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

export interface Frame {
  channel: number;
  data: Uint8Array;
}

/** Splits an incoming message; text messages are treated as their UTF-8 bytes (clients should send binary). */
export function parseFrame(message: string | Uint8Array): Frame | undefined {
  const bytes = typeof message === "string" ? encoder.encode(message) : message;
  if (bytes.length === 0) return undefined;
  return { channel: bytes[0]!, data: bytes.subarray(1) };
}

/** Picks the subprotocol from the `Sec-WebSocket-Protocol` offer, or undefined when none is supported. */
export function negotiate(offerHeader: string | null): string | undefined {
  const offered = (offerHeader ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return SUPPORTED_PROTOCOLS.find((p) => offered.includes(p));
}

/** What the kubelet writes on the error channel when the command ended normally. */
export function successStatus(): Record<string, unknown> {
  return { metadata: {}, status: "Success" };
}

/** Non-zero exit, shaped so client-go turns it into an exit code (reason NonZeroExitCode, cause ExitCode). */
export function exitStatus(code: number, command: string[]): Record<string, unknown> {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

/** A failure that is not an exit code (e.g. the executable does not exist), as the kubelet reports it. */
export function errorStatus(message: string): Record<string, unknown> {
  return { metadata: {}, status: "Failure", message, reason: "InternalError", code: 500 };
}

/** Resize payload on channel 4: `{"Width":80,"Height":24}`; undefined when malformed. */
export function parseResize(data: Uint8Array): { cols: number; rows: number } | undefined {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(data));
    if (typeof v !== "object" || v === null) return undefined;
    const { Width, Height } = v as Record<string, unknown>;
    if (typeof Width !== "number" || typeof Height !== "number") return undefined;
    if (!Number.isInteger(Width) || !Number.isInteger(Height) || Width < 0 || Height < 0) return undefined;
    return { cols: Width, rows: Height };
  } catch {
    return undefined;
  }
}
