/** Builders shared by the audit tests: identities, events and throw-away directories. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Identity } from "../../server/auth/identity.ts";
import type { AuditEvent, AuditOutcome, AuditVerb } from "../../server/audit/event.ts";

export function identity(subject: string, auditScope: "self" | "all" = "self", groups: string[] = ["dev"]): Identity {
  return {
    subject,
    email: `${subject}@example.com`,
    groups,
    mode: "oidc",
    authzMode: "tier",
    tier: "write",
    kube: { user: subject, groups: ["periscope-tier:write"] },
    auditScope,
    expiresAt: undefined,
    sessionKey: undefined,
  };
}

const VERBS: AuditVerb[] = ["apply", "delete", "scale", "restart", "exec_open", "log_open"];
const OUTCOMES: AuditOutcome[] = ["attempted", "success", "failure", "denied"];

/** A deterministic event; `i` picks actor, verb, outcome, cluster and namespace from small rotating sets. */
export function event(i: number, timeMs = Date.UTC(2026, 10, 1) + i * 1000, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const sub = `user-${i % 7}`;
  return {
    time: new Date(timeMs).toISOString(),
    requestId: `req-${i}`,
    actor: { sub, email: `${sub}@example.com`, groups: ["dev"], authzMode: "tier" },
    verb: VERBS[i % VERBS.length]!,
    outcome: OUTCOMES[i % OUTCOMES.length]!,
    cluster: i % 3 === 0 ? "prod" : "staging",
    resource: { group: "apps", version: "v1", resource: "deployments", namespace: `ns-${i % 5}`, name: `app-${i % 11}` },
    ...overrides,
  };
}

export async function tempDir(t: { teardown(fn: () => unknown): void }, prefix = "audit-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A clock the test moves by hand. */
export function manualClock(startMs = Date.UTC(2026, 10, 1)): { now: () => Date; advance(ms: number): void; set(ms: number): void } {
  let t = startMs;
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}
