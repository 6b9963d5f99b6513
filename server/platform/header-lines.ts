/**
 * A request's header lines as they came, one entry per line. Web `Headers` join repeated lines with ", ", which
 * loses a difference Kubernetes makes: two `Impersonate-Group` lines are two groups, one line "a, b" is one group
 * named "a, b". The Node adapter and the in-process demo fetch record the lines here; the simulator reads them,
 * and splits a joined value only where nothing was recorded (Deno's server hands over no raw lines).
 */
/** Flat name, value, name, value… (Node's `rawHeaders` as it is: no copy on the request path). */
const recorded = new WeakMap<Request, readonly string[]>();

export function recordHeaderLines(request: Request, flatLines: readonly string[]): void {
  recorded.set(request, flatLines);
}

/** The values of every `name` line, in order; undefined when the request's lines were not recorded. */
export function headerLines(request: Request, name: string): string[] | undefined {
  const lines = recorded.get(request);
  if (!lines) return undefined;
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) if (lines[i]!.toLowerCase() === wanted) out.push(lines[i + 1]!);
  return out;
}
