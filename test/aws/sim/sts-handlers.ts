/** STS query-protocol actions for the simulator: GetCallerIdentity (signed or presigned), AssumeRole, AssumeRoleWithWebIdentity. */
import { randomUUID } from "node:crypto";
import { canonicalArn } from "./identities.ts";
import type { Reply, SimContext } from "./simulator.ts";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function stsError(status: number, code: string, message: string): Reply {
  const body = `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, body, headers: { "content-type": "text/xml" }, error: code };
}

function stsOk(action: string, inner: string): Reply {
  const body = `<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, body, headers: { "content-type": "text/xml" } };
}

export async function handleSts(ctx: SimContext): Promise<Reply> {
  const { sim, url, request } = ctx;
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  if (request.method === "POST") for (const [k, v] of new URLSearchParams(new TextDecoder().decode(ctx.body))) params[k] = v;
  const action = params.Action ?? "";
  const recorded = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith("X-Amz-") && k !== "Action" && k !== "Version"));
  ctx.record(action || "Unknown", recorded);
  if (params.Version !== "2011-06-15") return stsError(400, "InvalidParameterValue", "Version must be 2011-06-15");
  const fault = sim.takeFault(action);
  if (fault) return stsError(fault[0], fault[1], "injected fault");

  if (action === "AssumeRoleWithWebIdentity") return assumeRoleWithWebIdentity(ctx, params);
  const denied = await sim.authenticate(ctx, "sts");
  if (denied) return stsError(denied.status, denied.code, denied.message);
  const caller = ctx.caller!;
  switch (action) {
    case "GetCallerIdentity": {
      const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
      if (wantsJson) {
        return {
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            GetCallerIdentityResponse: {
              GetCallerIdentityResult: { Account: caller.account, Arn: caller.arn, UserId: caller.userId },
              ResponseMetadata: { RequestId: randomUUID() },
            },
          }),
        };
      }
      return stsOk(action, `<Arn>${esc(caller.arn)}</Arn><UserId>${esc(caller.userId)}</UserId><Account>${caller.account}</Account>`);
    }
    case "AssumeRole":
      return assumeRole(ctx, params);
    default:
      return stsError(400, "InvalidAction", `Could not find operation ${action} for version 2011-06-15`);
  }
}

function assumeRole(ctx: SimContext, p: Record<string, string>): Reply {
  const { sim } = ctx;
  const caller = ctx.caller!;
  const role = sim.ids.roles.get(p.RoleArn ?? "");
  const sessionName = p.RoleSessionName ?? "";
  if (!SESSION_NAME.test(sessionName)) {
    return stsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  const notAuthorized = stsError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${p.RoleArn}`);
  if (!role) return notAuthorized;
  const principal = canonicalArn(caller.arn);
  if (!role.trusted.includes("*") && !role.trusted.includes(principal)) return notAuthorized;
  if (role.externalId !== undefined && p.ExternalId !== role.externalId) return notAuthorized;
  const tags: Record<string, string> = {};
  for (let i = 1; p[`Tags.member.${i}.Key`] !== undefined; i++) tags[p[`Tags.member.${i}.Key`]!] = p[`Tags.member.${i}.Value`] ?? "";
  if (Object.keys(tags).length > 0 && !role.allowTagSession) {
    return stsError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:TagSession on resource: ${role.arn}`);
  }
  const sourceIdentity = p.SourceIdentity ?? caller.sourceIdentity;
  if (p.SourceIdentity !== undefined) {
    if (!role.allowSourceIdentity) return stsError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${role.arn}`);
    if (!SESSION_NAME.test(p.SourceIdentity)) return stsError(400, "ValidationError", "Value at 'sourceIdentity' failed to satisfy constraint");
  }
  const duration = Number(p.DurationSeconds ?? 3600);
  const ttl = Math.min(duration, sim.credentialTtlSeconds);
  const key = sim.ids.issue(role, sessionName, sim.now() + ttl * 1000, { sourceIdentity, tags });
  return stsOk(
    "AssumeRole",
    credentialsXml(key) +
      `<AssumedRoleUser><AssumedRoleId>${key.userId}</AssumedRoleId><Arn>${esc(key.arn)}</Arn></AssumedRoleUser>` +
      (sourceIdentity ? `<SourceIdentity>${esc(sourceIdentity)}</SourceIdentity>` : ""),
  );
}

function assumeRoleWithWebIdentity(ctx: SimContext, p: Record<string, string>): Reply {
  const { sim } = ctx;
  if (ctx.request.headers.has("authorization")) return stsError(400, "InvalidParameterValue", "AssumeRoleWithWebIdentity is unsigned");
  const role = sim.ids.roles.get(p.RoleArn ?? "");
  const sessionName = p.RoleSessionName ?? "";
  if (!SESSION_NAME.test(sessionName)) return stsError(400, "ValidationError", "roleSessionName failed to satisfy constraint");
  if (!role || !p.WebIdentityToken || !role.webIdentityTokens.includes(p.WebIdentityToken)) {
    return stsError(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider");
  }
  const key = sim.ids.issue(role, sessionName, sim.now() + sim.credentialTtlSeconds * 1000);
  return stsOk("AssumeRoleWithWebIdentity", credentialsXml(key) + `<AssumedRoleUser><AssumedRoleId>${key.userId}</AssumedRoleId><Arn>${esc(key.arn)}</Arn></AssumedRoleUser>`);
}

function credentialsXml(key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiration?: number | undefined }): string {
  return (
    `<Credentials><AccessKeyId>${key.accessKeyId}</AccessKeyId><SecretAccessKey>${esc(key.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${esc(key.sessionToken ?? "")}</SessionToken><Expiration>${new Date(key.expiration ?? 0).toISOString()}</Expiration></Credentials>`
  );
}
