/** Reading request bodies for mutating routes: JSON or YAML only, with a hard size limit. */
import { parseAllDocuments } from "yaml";
import { AppError, badRequest } from "../http/errors.ts";

export const APPLY_BODY_LIMIT = 256 * 1024;

/** Reads at most `limit` bytes; larger bodies are refused with 413 without reading them whole. */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError(413, "too_large", `request body over ${Math.round(limit / 1024)} KiB`);
  if (declared > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(all);
}

type BodyFormat = "json" | "yaml";

export function bodyFormat(request: Request, allowYaml: boolean): BodyFormat {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type === "application/merge-patch+json") return "json";
  if (allowYaml && (type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml" || type === "application/apply-patch+yaml")) return "yaml";
  throw new AppError(415, "unsupported_media_type", `send ${allowYaml ? "application/json or application/yaml" : "application/json"} (got ${type || "no content-type"})`);
}

/** One JSON or YAML document from the body, as unknown. */
export async function readDocument(request: Request, options: { allowYaml: boolean; limit: number }): Promise<unknown> {
  const format = bodyFormat(request, options.allowYaml);
  const text = await readLimitedText(request, options.limit);
  if (format === "json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw badRequest(`the body is not valid JSON: ${error instanceof Error ? error.message : "syntax error"}`);
    }
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true }).filter((d) => !("empty" in d && d.empty === true) && d.contents !== null);
  if (docs.length !== 1) throw badRequest(`send exactly one YAML document (found ${docs.length})`);
  const doc = docs[0]!;
  const first = doc.errors[0];
  if (first) throw badRequest(`the body is not valid YAML: ${first.message.split("\n")[0]}`);
  return doc.toJS() as unknown;
}
