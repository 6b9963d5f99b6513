/** The simulator's verifier must refuse what AWS refuses, or every other AWS test proves nothing. */
import t from "tap";
import { AwsClient, AwsV4Signer } from "aws4fetch";
import { amzDate } from "../../../server/aws/request.ts";
import { verifySigV4 } from "./sigv4-verify.ts";
import type { KnownKey } from "./sigv4-verify.ts";

const NOW = Date.UTC(2026, 10, 25, 8, 0, 0);
const user: KnownKey = { accessKeyId: "AKIAUSER", secretAccessKey: "user-secret" };
const temp: KnownKey = { accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: "tok", expiration: NOW + 60_000 };
const lookup = (id: string) => [user, temp].find((k) => k.accessKeyId === id);

async function signed(key: KnownKey, at: number, init: { url?: string; body?: string; service?: string; headers?: Record<string, string> } = {}) {
  const client = new AwsClient({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken, retries: 0 });
  const request = await client.sign(init.url ?? "http://127.0.0.1:9/", {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameter", ...init.headers },
    body: init.body ?? '{"Name":"/x"}',
    aws: { service: init.service ?? "ssm", region: "eu-west-1", datetime: amzDate(at) },
  });
  return { method: request.method, url: new URL(request.url), headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) };
}

const verdict = async (r: Awaited<ReturnType<typeof signed>>, now = NOW) => verifySigV4(r, { now, lookup });

t.test("accepts good header signatures, with and without a session token", async (t) => {
  const ok = await verdict(await signed(user, NOW));
  t.ok(ok.ok);
  if (ok.ok) t.same([ok.signed.service, ok.signed.region, ok.signed.presigned], ["ssm", "eu-west-1", false]);
  t.ok((await verdict(await signed(temp, NOW))).ok);
});

t.test("refuses tampering, wrong keys, skew, missing or expired session tokens", async (t) => {
  const r = await signed(user, NOW);
  t.match(await verdict({ ...r, body: new TextEncoder().encode('{"Name":"/y"}') }), { ok: false, code: "SignatureDoesNotMatch" }, "body changed");
  const h = new Headers(r.headers);
  h.set("x-amz-target", "AmazonSSM.PutParameter");
  t.match(await verdict({ ...r, headers: h }), { ok: false, code: "SignatureDoesNotMatch" }, "signed header changed");
  t.match(await verdict(await signed({ ...user, secretAccessKey: "other" }, NOW)), { ok: false, code: "SignatureDoesNotMatch" }, "wrong secret");
  t.match(await verdict(await signed({ accessKeyId: "AKIANOBODY", secretAccessKey: "x" }, NOW)), { ok: false, code: "InvalidClientTokenId" });
  t.match(await verdict(await signed(user, NOW - 6 * 60_000)), { ok: false, code: "SignatureDoesNotMatch" }, "6 minutes of skew");
  t.ok((await verdict(await signed(user, NOW - 4 * 60_000))).ok, "4 minutes of skew is fine");
  t.match(await verdict(await signed({ ...temp, sessionToken: undefined }, NOW)), { ok: false, code: "InvalidClientTokenId" }, "temporary key without its token");
  t.match(await verdict(await signed(temp, NOW + 2 * 60_000), NOW + 2 * 60_000), { ok: false, code: "ExpiredToken" });
  t.match(await verdict({ ...r, headers: new Headers() }), { ok: false, code: "MissingAuthenticationToken" });
});

t.test("presigned URLs: 15 minutes from X-Amz-Date, signed headers enforced", async (t) => {
  const presign = async (at: number) => {
    const s = new AwsV4Signer({
      method: "GET",
      url: "http://127.0.0.1:9/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60",
      headers: { "x-k8s-aws-id": "prod" },
      accessKeyId: temp.accessKeyId,
      secretAccessKey: temp.secretAccessKey,
      sessionToken: temp.sessionToken,
      service: "sts",
      region: "eu-west-1",
      datetime: amzDate(at),
      signQuery: true,
    });
    return (await s.sign()).url;
  };
  const url = await presign(NOW - 14 * 60_000);
  const req = (headers: Record<string, string>) => ({ method: "GET", url, headers: new Headers({ host: url.host, ...headers }), body: new Uint8Array() });
  const longLived = { now: NOW - 14 * 60_000 + 30_000, lookup: (id: string) => (id === temp.accessKeyId ? { ...temp, expiration: NOW + 3600_000 } : undefined) };
  t.ok((await verifySigV4(req({ "x-k8s-aws-id": "prod" }), longLived)).ok);
  t.ok((await verifySigV4(req({ "x-k8s-aws-id": "prod" }), { ...longLived, now: NOW })).ok, "still valid after X-Amz-Expires=60, within 15 minutes");
  t.match(await verifySigV4(req({ "x-k8s-aws-id": "prod" }), { ...longLived, now: NOW + 2 * 60_000 }), { ok: false, code: "ExpiredToken" });
  t.match(await verifySigV4(req({ "x-k8s-aws-id": "staging" }), longLived), { ok: false, code: "SignatureDoesNotMatch" });
  t.match(await verifySigV4(req({}), longLived), { ok: false, code: "SignatureDoesNotMatch" }, "signed header missing");
});
