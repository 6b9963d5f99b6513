/**
 * One exec over WebSocket: wires the channel frames of an upgraded socket to a FakeShell and ends with a
 * Status on the error channel, then a normal close — the order client-go expects.
 */
import type { Socket } from "../../platform/types.ts";
import { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT, V5, errorStatus, exitStatus, frame, parseFrame, parseResize, successStatus } from "./channels.ts";
import { createFakeFs } from "./fake-fs.ts";
import { FakeShell } from "./fake-shell.ts";
import { InputStream } from "./input-stream.ts";
import { LineDiscipline } from "./line-discipline.ts";

export interface ExecStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  env: Array<[string, string]>;
}

export interface ExecSessionResult {
  exitCode: number;
}

/**
 * Resolves once the socket can send. Node's platform queues early sends, but a server socket from
 * Deno.upgradeWebSocket stays CONNECTING until the handshake response is written, and sends before that are
 * dropped; the Socket seam has no open event, so poll briefly.
 */
async function whenOpen(socket: Socket, timeoutMs = 10_000): Promise<boolean> {
  for (let waited = 0; !socket.isOpen; waited += 5) {
    if (waited >= timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/** Runs the command to completion (or until the client goes away) and reports the exit code. */
export async function runExecSession(socket: Socket, protocol: string, command: string[], streams: ExecStreams, target: ExecTarget): Promise<ExecSessionResult> {
  const stdin = new InputStream();
  if (!streams.stdin) stdin.end();
  let size = { cols: 80, rows: 24 };
  let open = true;
  const send = (channel: number, text: string) => {
    if (open && text.length > 0) socket.send(frame(channel, text));
  };
  // A terminal merges stderr into stdout and turns \n into \r\n (onlcr).
  const toTerminal = (text: string) => text.replace(/\r?\n/g, "\r\n");
  const out = (text: string) => {
    if (streams.stdout) send(STDOUT, streams.tty ? toTerminal(text) : text);
  };
  const err = (text: string) => {
    if (streams.tty) out(text);
    else if (streams.stderr) send(STDERR, text);
  };

  const env: Array<[string, string]> = [
    ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    ["HOSTNAME", target.pod],
    ...(streams.tty ? ([["TERM", "xterm"]] as Array<[string, string]>) : []),
    ...target.env,
    ["KUBERNETES_SERVICE_HOST", "10.96.0.1"],
    ["KUBERNETES_SERVICE_PORT", "443"],
    ["HOME", "/root"],
  ];
  const shell = new FakeShell(
    { stdin, out, err, tty: streams.tty, size: () => size },
    { env, fs: createFakeFs(target), hostname: target.pod, image: target.image },
  );
  const discipline = new LineDiscipline({
    echo: out,
    line: (text) => stdin.push(text),
    eof: () => stdin.end(),
    interrupt: () => {
      if (!shell.interrupt()) stdin.push("\n");
    },
  });

  const decoder = new TextDecoder();
  socket.onMessage((message) => {
    const f = parseFrame(message);
    if (!f) return;
    if (f.channel === STDIN && streams.stdin) {
      const text = decoder.decode(f.data, { stream: true });
      if (streams.tty) discipline.feed(text);
      else stdin.push(text);
    } else if (f.channel === RESIZE) {
      const next = parseResize(f.data);
      if (next) size = next;
    } else if (f.channel === CLOSE && protocol === V5 && f.data[0] === STDIN) {
      stdin.end();
    }
  });
  socket.onClose(() => {
    open = false;
    stdin.end();
    shell.interrupt();
  });
  socket.onError(() => {
    open = false;
    stdin.end();
  });

  if (!(await whenOpen(socket))) return { exitCode: -1 };
  // Tell the client the streams are ready: an empty frame on the lowest writable channel.
  socket.send(frame(streams.stdout ? STDOUT : streams.stderr ? STDERR : ERROR));

  const outcome = await shell.exec(command);
  if ("startError" in outcome) {
    if (open) socket.send(frame(ERROR, JSON.stringify(errorStatus(outcome.startError))));
  } else if (open) {
    const status = outcome.code === 0 ? successStatus() : exitStatus(outcome.code, command);
    socket.send(frame(ERROR, JSON.stringify(status)));
  }
  if (open) socket.close(1000, "");
  open = false;
  return { exitCode: outcome.code };
}
