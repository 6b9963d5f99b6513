/**
 * Just enough POSIX shell syntax for the fake shell: words with quotes and escapes, `$VAR`, `${VAR}`, `$?`,
 * leading `NAME=value` assignments, and lists joined by `;`, `&&`, `||`. No pipes, globs or redirections.
 */
export interface SimpleCommand {
  assignments: Array<[string, string]>;
  argv: string[];
}

export interface ListItem {
  /** How this command joins the previous one. */
  op: ";" | "&&" | "||";
  command: SimpleCommand;
}

export type ParseResult = { ok: true; list: ListItem[] } | { ok: false; error: string };

type Lookup = (name: string) => string;

export type SplitResult = { ok: true; items: Array<{ op: ListItem["op"]; text: string }> } | { ok: false; error: string };

/**
 * Cuts a line at `;`, newlines, `&&` and `||` outside quotes, so each command can be expanded just before
 * it runs (`X=1; echo $X` sees the new X).
 */
export function splitList(line: string): SplitResult {
  const items: Array<{ op: ListItem["op"]; text: string }> = [];
  let op: ListItem["op"] = ";";
  let start = 0;
  let i = 0;
  const cut = (end: number, next: ListItem["op"]): boolean => {
    const text = line.slice(start, end);
    if (text.trim() !== "") items.push({ op, text });
    else if (next !== ";" || op !== ";") return false;
    op = next;
    return true;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === "\\") i += 2;
    else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return { ok: false, error: "syntax error: unterminated quoted string" };
      i = close + 1;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      if (i >= line.length) return { ok: false, error: "syntax error: unterminated quoted string" };
      i++;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      break;
    } else if (c === ";" || c === "\n") {
      cut(i, ";");
      start = ++i;
    } else if ((c === "&" || c === "|") && line[i + 1] === c) {
      if (!cut(i, c === "&" ? "&&" : "||")) return { ok: false, error: `syntax error: unexpected "${c}${c}"` };
      i += 2;
      start = i;
    } else i++;
  }
  const rest = line.slice(start, i);
  if (rest.trim() !== "" && !(rest.trimStart().startsWith("#"))) items.push({ op, text: rest });
  else if (op !== ";") return { ok: false, error: "syntax error: unexpected end of file" };
  return { ok: true, items };
}

export function parseLine(line: string, lookup: Lookup): ParseResult {
  const list: ListItem[] = [];
  let words: string[] = [];
  let current = "";
  let inWord = false;
  let op: ListItem["op"] = ";";
  const endWord = () => {
    if (inWord) words.push(current);
    current = "";
    inWord = false;
  };
  const endCommand = (next: ListItem["op"]) => {
    endWord();
    if (words.length > 0) list.push({ op, command: toCommand(words) });
    else if (next !== ";") return false;
    words = [];
    op = next;
    return true;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "#" && !inWord) break;
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === ";" || c === "\n") {
      endCommand(";");
      i++;
    } else if ((c === "&" && line[i + 1] === "&") || (c === "|" && line[i + 1] === "|")) {
      if (!endCommand(c === "&" ? "&&" : "||")) return { ok: false, error: `syntax error: unexpected "${c}${c}"` };
      i += 2;
    } else if (c === "|" || c === "&" || c === "<" || c === ">") {
      return { ok: false, error: `syntax error: "${c}" is not supported by this demo shell` };
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return { ok: false, error: "syntax error: unterminated quoted string" };
      current += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          current += line[i + 1];
          i += 2;
        } else if (d === "$") {
          const [value, next] = expand(line, i, lookup);
          current += value;
          i = next;
        } else {
          current += d;
          i++;
        }
      }
      if (!closed) return { ok: false, error: "syntax error: unterminated quoted string" };
    } else if (c === "\\") {
      if (i + 1 < line.length) current += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "$") {
      const [value, next] = expand(line, i, lookup);
      current += value;
      // An unquoted empty expansion makes no word, as in sh.
      if (value !== "") inWord = true;
      i = next;
    } else {
      current += c;
      inWord = true;
      i++;
    }
  }
  endWord();
  if (words.length > 0) list.push({ op, command: toCommand(words) });
  else if (op !== ";") return { ok: false, error: "syntax error: unexpected end of file" };
  return { ok: true, list };
}

/** Expands the `$...` starting at `i`; returns the value and the index after it. */
function expand(line: string, i: number, lookup: Lookup): [string, number] {
  const next = line[i + 1];
  if (next === "?" || next === "$" || next === "#" || next === "0") return [lookup(next), i + 2];
  if (next === "{") {
    const close = line.indexOf("}", i + 2);
    if (close < 0) return ["$", i + 1];
    return [lookup(line.slice(i + 2, close)), close + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1));
  if (!m) return ["$", i + 1];
  return [lookup(m[0]), i + 1 + m[0].length];
}

function toCommand(words: string[]): SimpleCommand {
  const assignments: Array<[string, string]> = [];
  let k = 0;
  for (; k < words.length; k++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[k]!);
    if (!m) break;
    assignments.push([m[1]!, m[2]!]);
  }
  return { assignments, argv: words.slice(k) };
}

/** Splits one command of a list into pipeline stages at unquoted `|` (`||` was handled by splitList). */
export function splitPipeline(text: string): string[] {
  const stages: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") i += 2;
    else if (c === "'") i = text.indexOf("'", i + 1) < 0 ? text.length : text.indexOf("'", i + 1) + 1;
    else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "|") {
      stages.push(text.slice(start, i));
      start = ++i;
    } else i++;
  }
  stages.push(text.slice(start));
  return stages;
}
