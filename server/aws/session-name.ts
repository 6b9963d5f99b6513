/**
 * RoleSessionName from an OIDC subject, so CloudTrail shows the human behind every AssumeRole.
 *
 * STS allows `[\w+=,.@-]`, 2 to 64 characters. The mapping (documented in docs/setup/eks.md):
 * - prefix `periscope@`, then the subject;
 * - every character outside the alphabet becomes `-` (`auth0|abc` → `periscope@auth0-abc`);
 * - when anything was replaced or the result is longer than 64, the name is cut to 55 characters and
 *   `.` + the first 8 hex digits of SHA-256(subject) is appended, so two subjects never share a name by accident.
 * The full, unmodified subject also travels as the `periscope-sub` session tag (when the trust policy allows
 * sts:TagSession), so CloudTrail's requestParameters carry it verbatim.
 */
const ALLOWED = /[^\w+=,.@-]/g;
export const SESSION_PREFIX = "periscope@";
const MAX = 64;

export async function roleSessionName(subject: string): Promise<string> {
  const cleaned = SESSION_PREFIX + subject.replace(ALLOWED, "-");
  const changed = cleaned !== SESSION_PREFIX + subject || cleaned.length > MAX;
  if (!changed) return cleaned.length >= 2 ? cleaned : cleaned.padEnd(2, "-");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(subject)));
  const hex = Array.from(digest.slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${cleaned.slice(0, MAX - 9)}.${hex}`;
}

/** Session tag values allow `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, up to 256 characters. */
export function sessionTagValue(subject: string): string {
  return subject.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "-").slice(0, 256);
}
