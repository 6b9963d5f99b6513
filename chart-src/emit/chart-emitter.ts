/**
 * Chart mode: dump each object's YAML with placeholders, then rewrite the lines into Go template actions. The
 * indentation of the line a placeholder sits on gives `nindent N`; marker keys/items become `if`/`range` blocks.
 * Any placeholder left over (a key, part of a longer string) is an error, not silent output.
 */
import { stringify } from "yaml";
import type { Placement, Synth } from "../dsl/synth.ts";

const ANY_MARK = /__PSC\d{5}__/;

/** YAML 1.1 quoting keeps yes/on/off strings quoted for old parsers too; no line folding. */
export function dumpYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, version: "1.1", indentSeq: true });
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const sp = (n: number) => " ".repeat(n);

function placement(placements: Map<string, Placement>, token: string): Placement {
  const p = placements.get(token);
  if (!p) throw new Error(`chart emitter: unknown placeholder ${token}`);
  return p;
}

/** Structural pass: marker keys (`__PSCn__:`) and marker items (`- __PSCn__:`) become wrapped blocks. */
function unwrapMarkers(lines: string[], placements: Map<string, Placement>): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const line = out[i]!;
    const m = /^( *)(- )?(__PSC\d{5}__):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const p = placement(placements, m[3]!);
    if (p.kind !== "wrap") continue;
    const c = m[1]!.length;
    const dashed = m[2] !== undefined;
    const inline = m[4];
    // `- __PSCn__:` is either an optional/ranged item, or an optional key that happens to sort first in an item.
    const keyInItem = dashed && !p.item;
    const childIndent = keyInItem ? c + 2 : c;
    let end = i + 1;
    for (;;) {
      // Blank lines (inside block scalars) belong to the block when the next non-blank line does.
      let next = end;
      while (next < out.length && out[next]!.trim() === "") next++;
      if (next >= out.length || indentOf(out[next]!) <= childIndent) break;
      end = next + 1;
    }
    const children = out.slice(i + 1, end).map((l) => l.slice(2));
    let replacement: string[];
    if (keyInItem) {
      const body = inline === undefined ? children : []; // an optional-keys body is a map; inline only as `{}`
      replacement = [`${sp(c)}-`, ...(body.length ? [`${sp(c + 2)}${p.open}`, ...body, `${sp(c + 2)}{{- end }}`] : [])];
    } else {
      let body: string[];
      if (inline !== undefined) body = !dashed && inline === "{}" ? [] : [`${sp(c)}${dashed ? "- " : ""}${inline}`, ...children];
      else if (dashed) body = children.map((l, k) => (k === 0 ? `${sp(c)}- ${l.slice(c + 2)}` : l)); // c+4 → dash line + c+2
      else body = children;
      replacement = body.length === 0 ? [] : [`${sp(c)}${p.open}`, ...body, `${sp(c)}{{- end }}`];
    }
    out.splice(i, end - i, ...replacement);
    i--; // re-scan from the opening line (it no longer matches) so nested markers are seen
  }
  return out;
}

/** Inline pass: scalars, blocks, merges and splices. */
function rewriteLine(line: string, placements: Map<string, Placement>): string {
  const m = ANY_MARK.exec(line);
  if (!m) return line;
  const token = m[0];
  const p = placement(placements, token);
  const c = indentOf(line);
  const rest = line.trimStart();
  switch (p.kind) {
    case "inline": {
      const keyed = new RegExp(`^(.*?: | *- )${token}$`).exec(line);
      if (!keyed) break;
      return keyed[1] + p.action;
    }
    case "block":
    case "text": {
      if (!rest.endsWith(`: ${token}`)) break;
      const keyCol = rest.startsWith("- ") ? c + 2 : c;
      const head = line.slice(0, line.length - token.length - 1);
      return p.kind === "block"
        ? `${head}{{- ${p.pipeline} | nindent ${keyCol + 2} }}`
        : `${head} |{{- ${p.pipeline} | nindent ${keyCol + 2} }}`;
    }
    case "merge": {
      if (rest !== `${token}: ""`) break;
      return p.yamlText
        ? `${sp(c)}{{- ${p.pipeline} | nindent ${c} }}`
        : `${sp(c)}{{- with ${p.pipeline} }}{{- toYaml . | nindent ${c} }}{{- end }}`;
    }
    case "splice": {
      if (rest !== `- ${token}`) break;
      return `${sp(c)}{{- with ${p.pipeline} }}{{- toYaml . | nindent ${c} }}{{- end }}`;
    }
    case "wrap":
      break;
  }
  throw new Error(`chart emitter: placeholder in an unsupported position: ${line.trim()}`);
}

/** Literal `{{`/`}}` in static data must print as themselves, not start a template action. */
function escapeBraces(line: string): string {
  return line.replace(/\{\{|\}\}/g, (m) => `{{ ${JSON.stringify(m)} }}`);
}

/** Render one document's body (no wrappers) as template text lines. */
export function emitDocument(yamlText: string, synth: Synth): string[] {
  const lines = yamlText.replace(/\n$/, "").split("\n");
  const body = unwrapMarkers(lines.map(escapeBraces), synth.placements).map((l) => rewriteLine(l, synth.placements));
  for (const l of body) {
    const left = l.replace(/\{\{.*?\}\}/g, "");
    if (ANY_MARK.test(left)) throw new Error(`chart emitter: placeholder lost in ${l.trim()}`);
  }
  return ["---", ...body];
}

/**
 * All templates of a synth: file name → text. Documents of one file appear in creation order; consecutive ones
 * under the same conditions share one `if`/`range` block.
 */
export function emitTemplates(synth: Synth): Map<string, string> {
  const groups = new Map<string, Array<{ wrappers: readonly string[]; lines: string[] }>>();
  for (const doc of synth.docs) {
    const lines = emitDocument(dumpYaml(doc.object.toJson()), synth);
    const list = groups.get(doc.file) ?? [];
    const last = list.at(-1);
    if (last && last.wrappers.join("\n") === doc.wrappers.join("\n")) last.lines.push(...lines);
    else list.push({ wrappers: doc.wrappers, lines });
    groups.set(doc.file, list);
  }
  const files = new Map<string, string>();
  for (const [file, list] of groups) {
    const checks = synth.checks.filter((c) => c.file === file).map((c) => `${c.action}\n`).join("");
    const text = list.map((g) => [...g.wrappers, ...g.lines, ...g.wrappers.map(() => "{{- end }}")].join("\n") + "\n").join("");
    files.set(file, checks + text);
  }
  for (const c of synth.checks) if (!groups.has(c.file)) throw new Error(`chart emitter: check for ${c.file}, which has no objects`);
  return files;
}
