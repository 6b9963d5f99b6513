import t from "tap";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAuthSettings, parseAuthText } from "../../server/config/auth-file.ts";
import { ConfigError, ConfigErrors } from "../../server/config/config-error.ts";

const OIDC = `oidc:
  issuer: https://tenant.example.com/
  clientID: periscope
  redirectURL: https://periscope.example.com/api/auth/callback
`;

async function failure(text: string, env: Record<string, string | undefined> = {}): Promise<string> {
  try {
    await parseAuthText(text, "auth.yaml", { env });
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a configuration error");
}

t.test("mode: no file → dev as admin; issuer → oidc; PERISCOPE_AUTH_MODE wins", async (t) => {
  const none = await loadAuthSettings({ env: {} });
  t.match(none, { mode: "dev", devAdmin: true, oidc: undefined, source: "(no auth file)" });
  t.match(none.session, { cookieName: "periscope_session", idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 8 * 3_600_000 });
  t.match(none.authorization, { mode: "tier", groupsClaim: "groups", defaultTier: "read", groupPrefix: "periscope:" });

  const devFile = await parseAuthText("dev:\n  subject: me\n", "auth.yaml", { env: {} });
  t.match(devFile, { mode: "dev", devAdmin: false, dev: { subject: "me", email: "dev@local", groups: ["dev"] } });

  const oidc = await parseAuthText(OIDC, "auth.yaml", { env: { OIDC_CLIENT_SECRET: "from-env" } });
  t.equal(oidc.mode, "oidc");
  t.match(oidc.oidc, { issuer: "https://tenant.example.com/", clientSecret: "from-env", scopes: ["openid", "profile", "email", "offline_access"], audience: undefined });

  t.equal((await parseAuthText(OIDC, "auth.yaml", { env: { PERISCOPE_AUTH_MODE: "dev" } })).mode, "dev");
  t.match(await failure("dev: {}\n", { PERISCOPE_AUTH_MODE: "oidc" }), /^auth\.yaml: oidc\.issuer: expected an issuer URL \(oidc mode needs one\), found nothing$/);
  t.match(await failure(OIDC, { PERISCOPE_AUTH_MODE: "sso" }), /environment: PERISCOPE_AUTH_MODE: expected one of "oidc", "dev" \(or unset\), found "sso"/);
});

t.test("client secret references: ${ENV}, file://, literal with + / % :, never echoed", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "periscope-auth-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const secret = "a+b/c%d:e";
  await writeFile(join(dir, "secret"), `${secret}\n`);
  const viaFile = await parseAuthText(`${OIDC}  clientSecret: file://${join(dir, "secret")}\n`, "auth.yaml", { env: {} });
  t.equal(viaFile.oidc?.clientSecret, secret);
  const viaEnv = await parseAuthText(`${OIDC}  clientSecret: "\${MY_SECRET}"\n`, "auth.yaml", { env: { MY_SECRET: secret } });
  t.equal(viaEnv.oidc?.clientSecret, secret);
  const literal = await parseAuthText(`${OIDC}  clientSecret: "${secret}"\n`, "auth.yaml", { env: {} });
  t.equal(literal.oidc?.clientSecret, secret);
  const publicClient = await parseAuthText(OIDC, "auth.yaml", { env: {} });
  t.equal(publicClient.oidc?.clientSecret, undefined);

  const missing = await failure(`${OIDC}  clientSecret: "\${NOPE}"\n`);
  t.equal(missing, "auth.yaml: oidc.clientSecret: expected environment variable NOPE to be set (referenced as ${NOPE}), found it unset or empty");
  t.match(await failure(`${OIDC}  clientSecret: file://${join(dir, "absent")}\n`), /oidc\.clientSecret: expected a readable secret file at .*absent, found no such file/);
  t.match(await failure(`${OIDC}  clientSecret: aws-ssm:///prod/x\n`), /oidc\.clientSecret: .*no AWS resolver wired/);

  // With the shared resolver (main.ts passes server/config/secret-refs.ts), every reference goes through it.
  const seen: string[] = [];
  const resolved = await parseAuthText(`${OIDC}  clientSecret: aws-ssm:///prod/x\n`, "auth.yaml", {
    env: {},
    resolveSecret: async (value) => {
      seen.push(value);
      return "from-ssm";
    },
  });
  t.equal(resolved.oidc?.clientSecret, "from-ssm");
  t.same(seen, ["aws-ssm:///prod/x"]);
});

t.test("every problem is one clear line naming file, key, expectation and finding", async (t) => {
  const message = await failure(`oidc:
  issuer: not a url
  clientID: x
  redirectURL: https://x/api/auth/callback
  scopes: [profile]
session:
  idleTimeout: 9h
  absoluteTimeout: 8h
authorization:
  mode: tiers
  groupTiers: { sre: god }
  extra: 1
`);
  t.match(message, /auth\.yaml: authorization\.extra: expected no such key/);
  t.match(message, /auth\.yaml: authorization\.mode: expected one of "tier", "raw", "shared", found "tiers"/);
  t.match(message, /auth\.yaml: authorization\.groupTiers\.sre: expected one of "read", "triage", "write", "maintain", "admin", found "god"/);

  const semantic = await failure(`oidc:
  issuer: not a url
  clientID: x
  redirectURL: https://x/api/auth/callback
  scopes: [profile]
session:
  idleTimeout: 9h
  absoluteTimeout: 8h
`);
  t.same(semantic.split("\n"), [
    "auth.yaml: session.idleTimeout: expected a duration no longer than absoluteTimeout (8h), found \"9h\"",
    "auth.yaml: oidc.issuer: expected an http(s) URL, found a string of 9 characters",
    "auth.yaml: oidc.scopes: expected a list that includes \"openid\", found a list of 1",
  ]);
  t.match(await failure("oidc:\n  issuer: https://x\n"), /auth\.yaml: oidc\.clientID: expected this key to be set, found nothing/);
  t.match(await failure("session:\n  idleTimeout: 30 min\n"), /session\.idleTimeout: expected a value matching/);
});

t.test("PERISCOPE_AUTH_FILE names the file in errors", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "periscope-auth-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "auth.yaml");
  await writeFile(path, "authorization:\n  defaultTier: root\n");
  const error = (await loadAuthSettings({ env: { PERISCOPE_AUTH_FILE: path } }).catch((e: unknown) => e)) as Error;
  t.match(error.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: authorization\\.defaultTier: expected one of "", "read"`));
  const absent = (await loadAuthSettings({ env: { PERISCOPE_AUTH_FILE: join(dir, "nope.yaml") } }).catch((e: unknown) => e)) as Error;
  t.match(absent.message, /nope\.yaml: \(file\): expected a readable YAML file, found no such file/);
});
