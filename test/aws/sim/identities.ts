/** The simulator's IAM: long-lived users, roles with trust rules, and the temporary keys STS hands out. */
import { randomBytes } from "node:crypto";
import type { KnownKey } from "./sigv4-verify.ts";

export interface IssuedKey extends KnownKey {
  /** The caller's ARN as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
  account: string;
  sourceIdentity?: string | undefined;
  tags?: Record<string, string> | undefined;
}

export interface RoleSpec {
  name: string;
  account?: string;
  /** Principal ARNs (users, or roles in iam form) that may AssumeRole; "*" for anyone. */
  trusted?: string[];
  externalId?: string;
  /** sts:SetSourceIdentity granted by the trust policy. */
  allowSourceIdentity?: boolean;
  /** sts:TagSession granted by the trust policy. */
  allowTagSession?: boolean;
  /** Web identity tokens accepted by AssumeRoleWithWebIdentity. */
  webIdentityTokens?: string[];
}

export interface Role extends Required<Omit<RoleSpec, "externalId">> {
  arn: string;
  id: string;
  externalId: string | undefined;
}

const alnum = (n: number) => randomBytes(n * 2).toString("base64").replace(/[^A-Z0-9]/g, "").padEnd(n, "X").slice(0, n);

export class Identities {
  readonly account: string;
  readonly keys = new Map<string, IssuedKey>();
  readonly roles = new Map<string, Role>();

  constructor(account: string) {
    this.account = account;
  }

  addUser(name: string): IssuedKey {
    const key: IssuedKey = {
      accessKeyId: "AKIA" + alnum(16),
      secretAccessKey: randomBytes(30).toString("base64"),
      arn: `arn:aws:iam::${this.account}:user/${name}`,
      userId: "AIDA" + alnum(17),
      account: this.account,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  addRole(spec: RoleSpec): Role {
    const account = spec.account ?? this.account;
    const role: Role = {
      name: spec.name,
      account,
      trusted: spec.trusted ?? [],
      externalId: spec.externalId,
      allowSourceIdentity: spec.allowSourceIdentity ?? false,
      allowTagSession: spec.allowTagSession ?? false,
      webIdentityTokens: spec.webIdentityTokens ?? [],
      arn: `arn:aws:iam::${account}:role/${spec.name}`,
      id: "AROA" + alnum(17),
    };
    this.roles.set(role.arn, role);
    return role;
  }

  /** Temporary credentials for a role session. */
  issue(role: Role, sessionName: string, expiration: number, extra: { sourceIdentity?: string; tags?: Record<string, string> } = {}): IssuedKey {
    const key: IssuedKey = {
      accessKeyId: "ASIA" + alnum(16),
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: "IQoJ" + randomBytes(96).toString("base64"),
      expiration,
      arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
      userId: `${role.id}:${sessionName}`,
      account: role.account,
      sourceIdentity: extra.sourceIdentity,
      tags: extra.tags,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }
}

/** arn:aws:sts::1:assumed-role/R/S → arn:aws:iam::1:role/R (what trust policies and aws-auth mappings name). */
export function canonicalArn(arn: string): string {
  const m = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : arn;
}
