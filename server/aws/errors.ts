/**
 * A failed AWS call, described without secrets: service, operation, HTTP status and AWS error code.
 * The AWS message is kept (it names resources, never credential values) but trimmed.
 */
export class AwsError extends Error {
  readonly service: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string;
  constructor(service: string, operation: string, status: number | undefined, code: string, message: string) {
    const detail = message ? `: ${message.slice(0, 300)}` : "";
    super(`AWS ${service} ${operation} failed (${status ?? "no response"} ${code})${detail}`);
    this.name = "AwsError";
    this.service = service;
    this.operation = operation;
    this.status = status;
    this.code = code;
  }
}

/** Reads an AWS error body in any of the three shapes we meet (query XML, JSON 1.1, REST JSON). */
export async function awsErrorFrom(service: string, operation: string, response: Response): Promise<AwsError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // body unreadable: the status alone has to do
  }
  let code = response.headers.get("x-amzn-errortype")?.split(":")[0] ?? "";
  let message = "";
  const xmlCode = /<Code>([^<]*)<\/Code>/.exec(text);
  if (xmlCode) {
    code = xmlCode[1] ?? code;
    message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? "";
  } else {
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === "object") {
        const b = body as Record<string, unknown>;
        if (typeof b.__type === "string") code = b.__type.split("#").pop() ?? code;
        const m = b.message ?? b.Message;
        if (typeof m === "string") message = m;
      }
    } catch {
      // not JSON either
    }
  }
  return new AwsError(service, operation, response.status, code || "UnknownError", message);
}
