/** A minimal channel.k8s.io client on the platform's WebSocket, written from the protocol description. */
import type { Platform, Socket } from "../../../server/platform/types.ts";

export interface Received {
  channel: number;
  text: string;
}

export interface ExecClient {
  socket: Socket;
  frames: Received[];
  closed: Promise<number>;
  send(channel: number, data: string | Uint8Array): void;
  /** Text received on a channel so far. */
  text(channel: number): string;
  /** Resolves once `predicate` holds for the frames so far. */
  until(predicate: (frames: Received[]) => boolean): Promise<void>;
}

export async function openExec(platform: Platform, url: string, protocols: string[]): Promise<ExecClient> {
  const socket = await platform.connectWebSocket(url, { protocols });
  const frames: Received[] = [];
  const waiters: Array<() => void> = [];
  const decoder = new TextDecoder();
  socket.onMessage((m) => {
    const bytes = typeof m === "string" ? new TextEncoder().encode(m) : m;
    frames.push({ channel: bytes[0]!, text: decoder.decode(bytes.subarray(1)) });
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => socket.onClose((code) => {
    resolve(code);
    for (const w of waiters.splice(0)) w();
  }));
  return {
    socket,
    frames,
    closed,
    send(channel, data) {
      const body = typeof data === "string" ? new TextEncoder().encode(data) : data;
      const out = new Uint8Array(body.length + 1);
      out[0] = channel;
      out.set(body, 1);
      socket.send(out);
    },
    text: (channel) => frames.filter((f) => f.channel === channel).map((f) => f.text).join(""),
    async until(predicate) {
      while (!predicate(frames)) {
        if (!socket.isOpen) throw new Error(`socket closed; frames: ${JSON.stringify(frames)}`);
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}
