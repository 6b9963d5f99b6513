/**
 * The AWS simulator: one loopback HTTP server answering STS, EKS DescribeCluster, Secrets Manager, SSM and the
 * Pod Identity credentials endpoint. Every signed call is verified with @smithy/signature-v4 (see sigv4-verify.ts),
 * against a clock the test controls; every call is recorded for assertions.
 * Point code at it with AWS_ENDPOINT_URL=<sim.url> and AWS_CONTAINER_CREDENTIALS_FULL_URI=<sim.podIdentityUrl>.
 */
import { loadPlatform } from "../../../server/platform/load.ts";
import type { Server } from "../../../server/platform/types.ts";
import { Identities } from "./identities.ts";
import type { IssuedKey, Role, RoleSpec } from "./identities.ts";
import { handleSts } from "./sts-handlers.ts";
import { handleEks, handleJsonService } from "./service-handlers.ts";
import { verifySigV4 } from "./sigv4-verify.ts";
import type { Signed } from "./sigv4-verify.ts";

export interface SimCall {
  service: string;
  action: string;
  /** ARN of the signing principal ("" for unsigned calls). */
  caller: string;
  params: Record<string, string>;
  status: number;
  error?: string | undefined;
  at: number;
  presigned: boolean;
}

export interface SimCluster {
  name: string;
  region: string;
  endpoint: string;
  caData: string;
  status?: string;
}

export type SimSecret = { string: string } | { binary: Uint8Array };

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  error?: string;
}

export interface SimContext {
  sim: AwsSimulator;
  request: Request;
  url: URL;
  body: Uint8Array;
  /** Verified signing principal; undefined for unsigned calls. */
  caller: IssuedKey | undefined;
  signed: Signed | undefined;
  record: (action: string, params: Record<string, string>) => void;
}

export interface SimOptions {
  account?: string;
  /** Lifetime of issued temporary credentials (default 1 hour). */
  credentialTtlSeconds?: number;
}

export class AwsSimulator {
  readonly ids: Identities;
  readonly calls: SimCall[] = [];
  readonly clusters = new Map<string, SimCluster>();
  readonly secrets = new Map<string, SimSecret>();
  readonly parameters = new Map<string, { value: string; type: "String" | "SecureString" }>();
  credentialTtlSeconds: number;
  /** Added to Date.now(): tests move the simulator's clock with advance(). */
  offsetMs = 0;
  podIdentity: { token: string; role: Role } | undefined;
  /** Next replies forced for an action: [status, code]. */
  readonly faults = new Map<string, Array<[number, string]>>();
  private server: Server | undefined;

  constructor(options: SimOptions = {}) {
    this.ids = new Identities(options.account ?? "111111111111");
    this.credentialTtlSeconds = options.credentialTtlSeconds ?? 3600;
  }

  get url(): string {
    if (!this.server) throw new Error("simulator not started");
    return `http://127.0.0.1:${this.server.port}`;
  }
  get podIdentityUrl(): string {
    return `${this.url}/v1/credentials`;
  }
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  addUser(name: string): IssuedKey {
    return this.ids.addUser(name);
  }
  addRole(spec: RoleSpec): Role {
    return this.ids.addRole(spec);
  }
  addCluster(cluster: SimCluster): void {
    this.clusters.set(cluster.name, cluster);
  }
  putSecret(id: string, secret: SimSecret): void {
    this.secrets.set(id, secret);
  }
  putParameter(name: string, value: string, type: "String" | "SecureString" = "SecureString"): void {
    this.parameters.set(name, { value, type });
  }
  setPodIdentity(role: Role, token: string): void {
    this.podIdentity = { role, token };
  }
  failNext(action: string, status: number, code: string, times = 1): void {
    const list = this.faults.get(action) ?? [];
    for (let i = 0; i < times; i++) list.push([status, code]);
    this.faults.set(action, list);
  }
  callsOf(action: string): SimCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  async start(): Promise<this> {
    const platform = await loadPlatform();
    this.server = await platform.serve((request) => this.handle(request), { hostname: "127.0.0.1", port: 0 });
    return this;
  }
  async close(): Promise<void> {
    await this.server?.close(0);
    this.server = undefined;
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    let recorded: { action: string; params: Record<string, string> } | undefined;
    const ctx: SimContext = {
      sim: this,
      request,
      url,
      body,
      caller: undefined,
      signed: undefined,
      record: (action, params) => void (recorded = { action, params }),
    };
    const reply = await this.dispatch(ctx);
    const rec = recorded as { action: string; params: Record<string, string> } | undefined;
    if (rec) {
      this.calls.push({
        service: ctx.signed?.service ?? (url.pathname === "/v1/credentials" ? "pod-identity" : "sts"),
        action: rec.action,
        caller: ctx.caller?.arn ?? "",
        params: rec.params,
        status: reply.status,
        error: reply.error,
        at: this.now(),
        presigned: ctx.signed?.presigned ?? false,
      });
    }
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  }

  private async dispatch(ctx: SimContext): Promise<Reply> {
    const { url, request } = ctx;
    if (url.pathname === "/v1/credentials") return this.podIdentityCredentials(ctx);
    const target = request.headers.get("x-amz-target") ?? "";
    if (target) return handleJsonService(ctx, target);
    if (url.pathname.startsWith("/clusters/")) return handleEks(ctx);
    return handleSts(ctx);
  }

  /** Verifies the signature; on success fills ctx.caller. Returns an error reply or undefined. */
  async authenticate(ctx: SimContext, service: string): Promise<{ status: number; code: string; message: string } | undefined> {
    const verdict = await verifySigV4(
      { method: ctx.request.method, url: ctx.url, headers: ctx.request.headers, body: ctx.body },
      { now: this.now(), lookup: (id) => this.ids.keys.get(id) },
    );
    if (!verdict.ok) return verdict;
    if (verdict.signed.service !== service) {
      return { status: 403, code: "SignatureDoesNotMatch", message: `Credential should be scoped to correct service: '${service}'.` };
    }
    ctx.signed = verdict.signed;
    ctx.caller = this.ids.keys.get(verdict.signed.accessKeyId);
    return undefined;
  }

  /** A forced fault for this action, if the test queued one. */
  takeFault(action: string): [number, string] | undefined {
    return this.faults.get(action)?.shift();
  }

  private podIdentityCredentials(ctx: SimContext): Reply {
    ctx.record("PodIdentityCredentials", {});
    const fault = this.takeFault("PodIdentityCredentials");
    if (fault) return { status: fault[0], body: JSON.stringify({ message: fault[1] }), error: fault[1] };
    const assoc = this.podIdentity;
    const auth = ctx.request.headers.get("authorization");
    if (!assoc || auth !== assoc.token) {
      return { status: 401, body: JSON.stringify({ message: "invalid authorization token" }), error: "Unauthorized" };
    }
    const key = this.ids.issue(assoc.role, "eks-periscope-pod", this.now() + this.credentialTtlSeconds * 1000);
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        AccessKeyId: key.accessKeyId,
        SecretAccessKey: key.secretAccessKey,
        Token: key.sessionToken,
        AccountId: key.account,
        Expiration: new Date(key.expiration!).toISOString(),
      }),
    };
  }
}

export async function startAwsSimulator(options: SimOptions = {}): Promise<AwsSimulator> {
  return new AwsSimulator(options).start();
}
