/** Shared shapes for the AWS layer. Everything here is plain data; no SDK types. */
import type { FetchLike } from "../platform/types.ts";
import type { Logger } from "../http/log.ts";

/** A set of AWS credentials. `expiration` is epoch milliseconds; absent for long-lived keys. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: number | undefined;
}

/** Something that hands out current credentials (cached, refreshed before expiry). */
export interface CredentialProvider {
  /** What kind of source this is, for logs and errors ("pod-identity", "irsa", "static", "assume-role"). */
  readonly kind: string;
  get(): Promise<AwsCredentials>;
}

export type EnvSource = Record<string, string | undefined>;

/** The services we call. Names are the SigV4 signing names. */
export type AwsService = "sts" | "eks" | "secretsmanager" | "ssm";

/** Dependencies of every AWS call; tests replace clock and fetch, production takes the defaults. */
export interface AwsDeps {
  env: EnvSource;
  fetch?: FetchLike | undefined;
  /** Epoch milliseconds. */
  clock?: (() => number) | undefined;
  readTextFile?: ((path: string) => Promise<string>) | undefined;
  log?: Logger | undefined;
  /** Retries after the first attempt for throttling, 5xx and network errors (default 2). */
  retries?: number | undefined;
  /** Base for exponential backoff with full jitter, in ms (default 100). */
  retryBaseMs?: number | undefined;
  /** Per-attempt timeout in ms (default 5000). */
  timeoutMs?: number | undefined;
}
