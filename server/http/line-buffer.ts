/**
 * Batches log lines and writes them with one call per event-loop turn instead of one synchronous write per line
 * (a write per access line was the largest single cost of a small request). Lines keep their order and stay one
 * JSON object per line. `flush()` writes what is pending at once; the stdout writer also flushes on process exit,
 * so a line logged right before `process.exit()` is not lost.
 */
export interface LineBuffer {
  write(line: string): void;
  flush(): void;
}

export function lineBuffer(sink: (chunk: string) => void, schedule: (flush: () => void) => void = (f) => void setImmediate(f)): LineBuffer {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = pending.join("\n") + "\n";
    pending = [];
    sink(chunk);
  };
  return {
    write(line) {
      if (pending.length === 0) schedule(flush);
      pending.push(line);
    },
    flush,
  };
}

let stdout: LineBuffer | undefined;

/** The process-wide buffered stdout (created on first use; flushed on each turn and on exit). */
export function stdoutLines(): LineBuffer {
  if (!stdout) {
    const buffer = lineBuffer((chunk) => void process.stdout.write(chunk));
    process.on("exit", buffer.flush);
    stdout = buffer;
  }
  return stdout;
}
