/** STS over the query protocol (form-encoded POST, XML answers). */
import { resolveEndpoint } from "./endpoints.ts";
import { AwsError } from "./errors.ts";
import { awsCall } from "./request.ts";
import { xmlLeaf } from "./xml.ts";
import type { AwsCredentials, AwsDeps } from "./types.ts";

const VERSION = "2011-06-15";
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "text/xml" };

export interface AssumeRoleInput {
  region: string;
  roleArn: string;
  roleSessionName: string;
  externalId?: string | undefined;
  /** Needs sts:SetSourceIdentity in the role's trust policy. */
  sourceIdentity?: string | undefined;
  /** Session tags; need sts:TagSession in the role's trust policy. */
  tags?: Record<string, string> | undefined;
  durationSeconds?: number | undefined;
}

export async function assumeRole(deps: AwsDeps, credentials: AwsCredentials, input: AssumeRoleInput): Promise<AwsCredentials> {
  const form = new URLSearchParams({ Action: "AssumeRole", Version: VERSION, RoleArn: input.roleArn, RoleSessionName: input.roleSessionName });
  if (input.durationSeconds) form.set("DurationSeconds", String(input.durationSeconds));
  if (input.externalId) form.set("ExternalId", input.externalId);
  if (input.sourceIdentity) form.set("SourceIdentity", input.sourceIdentity);
  Object.entries(input.tags ?? {}).forEach(([key, value], i) => {
    form.set(`Tags.member.${i + 1}.Key`, key);
    form.set(`Tags.member.${i + 1}.Value`, value);
  });
  const response = await awsCall(deps, {
    service: "sts",
    region: input.region,
    operation: "AssumeRole",
    url: resolveEndpoint("sts", input.region, deps.env) + "/",
    method: "POST",
    headers: FORM,
    body: form.toString(),
    credentials,
  });
  return credentialsFromXml(await response.text(), "AssumeRole");
}

export interface WebIdentityInput {
  region: string;
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
}

/** Unsigned: the web identity token is the proof. */
export async function assumeRoleWithWebIdentity(deps: AwsDeps, input: WebIdentityInput): Promise<AwsCredentials> {
  const form = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: VERSION,
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    WebIdentityToken: input.webIdentityToken,
  });
  const response = await awsCall(deps, {
    service: "sts",
    region: input.region,
    operation: "AssumeRoleWithWebIdentity",
    url: resolveEndpoint("sts", input.region, deps.env) + "/",
    method: "POST",
    headers: FORM,
    body: form.toString(),
    credentials: undefined,
  });
  return credentialsFromXml(await response.text(), "AssumeRoleWithWebIdentity");
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export async function getCallerIdentity(deps: AwsDeps, credentials: AwsCredentials, region: string): Promise<CallerIdentity> {
  const response = await awsCall(deps, {
    service: "sts",
    region,
    operation: "GetCallerIdentity",
    url: resolveEndpoint("sts", region, deps.env) + "/",
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ Action: "GetCallerIdentity", Version: VERSION }).toString(),
    credentials,
  });
  const xml = await response.text();
  const arn = xmlLeaf(xml, "Arn");
  if (!arn) throw new AwsError("sts", "GetCallerIdentity", response.status, "MalformedResponse", "no Arn in the answer");
  return { arn, account: xmlLeaf(xml, "Account") ?? "", userId: xmlLeaf(xml, "UserId") ?? "" };
}

function credentialsFromXml(xml: string, operation: string): AwsCredentials {
  const accessKeyId = xmlLeaf(xml, "AccessKeyId");
  const secretAccessKey = xmlLeaf(xml, "SecretAccessKey");
  const sessionToken = xmlLeaf(xml, "SessionToken");
  const expiration = Date.parse(xmlLeaf(xml, "Expiration") ?? "");
  if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiration)) {
    throw new AwsError("sts", operation, 200, "MalformedResponse", "the answer lacks Credentials");
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
