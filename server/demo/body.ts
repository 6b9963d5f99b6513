/** Read request bodies: JSON, YAML (apply patches) and kubectl's protobuf envelope (kinds with a schema). */
import { parse as parseYaml } from "yaml";
import { decodeObject, readEnvelope } from "./protobuf.ts";
import { badRequestError, kubeError } from "./status.ts";

export async function readBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "application/json").split(";")[0]!.trim().toLowerCase();
  const buf = new Uint8Array(await request.arrayBuffer());
  if (type === "application/vnd.kubernetes.protobuf") {
    const { apiVersion, kind, raw } = readEnvelope(buf);
    return decodeObject(apiVersion, kind, raw);
  }
  const text = new TextDecoder().decode(buf);
  if (text.trim() === "") throw badRequestError("the request body is empty");
  try {
    if (type === "application/apply-patch+yaml" || type === "application/yaml") return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw kubeError(400, "BadRequest", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (${e instanceof Error ? e.message.split("\n")[0] : "parse error"})`);
  }
}

export function asObject(value: unknown, what = "body"): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequestError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
