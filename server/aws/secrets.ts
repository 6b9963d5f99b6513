/** Secrets Manager GetSecretValue and SSM GetParameter over the JSON 1.1 protocol. */
import { resolveEndpoint } from "./endpoints.ts";
import { AwsError } from "./errors.ts";
import { awsCall, jsonBody } from "./request.ts";
import type { AwsCredentials, AwsDeps } from "./types.ts";

const JSON11 = "application/x-amz-json-1.1";

export type SecretValue = { kind: "string"; value: string } | { kind: "binary"; value: Uint8Array };

export async function getSecretValue(deps: AwsDeps, credentials: AwsCredentials, region: string, secretId: string): Promise<SecretValue> {
  const response = await awsCall(deps, {
    service: "secretsmanager",
    region,
    operation: "GetSecretValue",
    url: resolveEndpoint("secretsmanager", region, deps.env) + "/",
    method: "POST",
    headers: { "content-type": JSON11, "x-amz-target": "secretsmanager.GetSecretValue" },
    body: JSON.stringify({ SecretId: secretId }),
    credentials,
  });
  const body = await jsonBody("secretsmanager", "GetSecretValue", response);
  if (typeof body.SecretString === "string") return { kind: "string", value: body.SecretString };
  if (typeof body.SecretBinary === "string") return { kind: "binary", value: Uint8Array.from(atob(body.SecretBinary), (c) => c.charCodeAt(0)) };
  throw new AwsError("secretsmanager", "GetSecretValue", response.status, "MalformedResponse", "neither SecretString nor SecretBinary in the answer");
}

export async function getParameter(deps: AwsDeps, credentials: AwsCredentials, region: string, name: string): Promise<string> {
  const response = await awsCall(deps, {
    service: "ssm",
    region,
    operation: "GetParameter",
    url: resolveEndpoint("ssm", region, deps.env) + "/",
    method: "POST",
    headers: { "content-type": JSON11, "x-amz-target": "AmazonSSM.GetParameter" },
    body: JSON.stringify({ Name: name, WithDecryption: true }),
    credentials,
  });
  const body = await jsonBody("ssm", "GetParameter", response);
  const parameter = body.Parameter as Record<string, unknown> | undefined;
  if (parameter && typeof parameter === "object" && typeof parameter.Value === "string") return parameter.Value;
  throw new AwsError("ssm", "GetParameter", response.status, "MalformedResponse", "no Parameter.Value in the answer");
}
