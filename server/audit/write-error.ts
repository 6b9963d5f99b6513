/** Why the store could not write, in operator terms (the errno stays in `code` and in brackets). */
export class AuditWriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = "AuditWriteError";
    this.code = code;
  }
}

export function toWriteError(error: unknown, during: string, dir: string): AuditWriteError {
  if (error instanceof AuditWriteError) return error;
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
  const why =
    code === "ENOSPC" || code === "EDQUOT" ? "the disk is full" :
    code === "EROFS" ? "the file system is read-only" :
    code === "EACCES" || code === "EPERM" ? "permission denied" :
    code === "ENOTDIR" || code === "ENOENT" ? "the directory does not exist and cannot be created" :
    error instanceof Error ? error.message : String(error);
  return new AuditWriteError(`audit store ${during} failed in ${dir}: ${why}${code ? ` (${code})` : ""}`, code, error);
}
