/**
 * Per-user role sessions for one cluster: AssumeRole with a RoleSessionName derived from the OIDC subject (see
 * session-name.ts), the optional external ID, and — when the role's trust policy allows — SourceIdentity and a
 * `periscope-sub` session tag carrying the subject. Credentials are cached per subject until 5 minutes before
 * expiry, with single-flight refresh.
 */
import { cacheCredentials } from "./credential-cache.ts";
import { AwsError } from "./errors.ts";
import { roleSessionName, sessionTagValue } from "./session-name.ts";
import { assumeRole } from "./sts.ts";
import type { AwsCredentials, AwsDeps, CredentialProvider } from "./types.ts";

export const CONSOLE_SESSION_NAME = "periscope-console";
export const SUBJECT_TAG = "periscope-sub";

export interface RoleSessionOptions {
  deps: AwsDeps;
  base: CredentialProvider;
  roleArn: string;
  externalId?: string | undefined;
  region: string;
  /** Cap on cached sessions; the least recently added go first (default 1000). */
  maxSessions?: number | undefined;
}

export class RoleSessions {
  readonly #options: RoleSessionOptions;
  readonly #sessions = new Map<string, CredentialProvider>();
  /** Cleared when the trust policy refuses sts:SetSourceIdentity / sts:TagSession; we then go without. */
  #withSourceIdentity = true;
  #withTags = true;

  constructor(options: RoleSessionOptions) {
    this.#options = options;
  }

  /** Credentials for `subject` (undefined = the console's own session). */
  get(subject: string | undefined): Promise<AwsCredentials> {
    const key = subject ?? "";
    let provider = this.#sessions.get(key);
    if (!provider) {
      provider = cacheCredentials(() => this.#assume(subject), { kind: "assume-role", clock: this.#options.deps.clock, log: this.#options.deps.log });
      this.#sessions.set(key, provider);
      const max = this.#options.maxSessions ?? 1000;
      while (this.#sessions.size > max) this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    return provider.get();
  }

  get size(): number {
    return this.#sessions.size;
  }

  async #assume(subject: string | undefined): Promise<AwsCredentials> {
    const o = this.#options;
    const base = await o.base.get();
    const name = subject === undefined ? CONSOLE_SESSION_NAME : await roleSessionName(subject);
    for (;;) {
      const sourceIdentity = subject !== undefined && this.#withSourceIdentity ? name : undefined;
      const tags = subject !== undefined && this.#withTags ? { [SUBJECT_TAG]: sessionTagValue(subject) } : undefined;
      try {
        return await assumeRole(o.deps, base, { region: o.region, roleArn: o.roleArn, roleSessionName: name, externalId: o.externalId, sourceIdentity, tags });
      } catch (error) {
        if (!(error instanceof AwsError) || error.code !== "AccessDenied") throw error;
        if (sourceIdentity && error.message.includes("sts:SetSourceIdentity")) this.#withSourceIdentity = false;
        else if (tags && error.message.includes("sts:TagSession")) this.#withTags = false;
        else throw error;
        o.deps.log?.info("role trust policy does not allow an optional session attribute; assuming without it", {
          roleArn: o.roleArn,
          sourceIdentity: this.#withSourceIdentity,
          sessionTags: this.#withTags,
        });
      }
    }
  }
}
