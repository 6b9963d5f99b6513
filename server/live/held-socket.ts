/**
 * Holds a socket's events until someone listens. The apiserver exec socket is opened before the browser's
 * upgrade (so refusals are JSON errors); whatever it says in between (the ready frame, fast output, the exit
 * status) must not be lost.
 */
import type { Socket } from "../platform/types.ts";

export function holdSocket(socket: Socket): Socket {
  const messages: Array<string | Uint8Array> = [];
  let closed: [number, string] | undefined;
  let errored: Error | undefined;
  let onMessage: ((data: string | Uint8Array) => void) | undefined;
  let onClose: ((code: number, reason: string) => void) | undefined;
  let onError: ((error: Error) => void) | undefined;
  socket.onMessage((data) => (onMessage ? onMessage(data) : messages.push(data)));
  socket.onClose((code, reason) => (onClose ? onClose(code, reason) : (closed = [code, reason])));
  socket.onError((error) => (onError ? onError(error) : (errored = error)));
  return {
    get protocol() {
      return socket.protocol;
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    get isOpen() {
      return socket.isOpen;
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    onMessage(listener) {
      onMessage = listener;
      for (const m of messages.splice(0)) listener(m);
    },
    onClose(listener) {
      onClose = listener;
      // Delivered after any held messages (listeners are attached message-first by the bridge).
      if (closed) queueMicrotask(() => listener(...closed!));
    },
    onError(listener) {
      onError = listener;
      if (errored) queueMicrotask(() => listener(errored!));
    },
  };
}
