/**
 * A configuration problem, reported as one line: where (file or environment), which key, what was expected and
 * what was found. `found` must never carry a secret value; callers describe the shape instead ("a string of 40 chars").
 */
export class ConfigError extends Error {
  readonly source: string;
  readonly key: string;
  readonly expected: string;
  readonly found: string;
  constructor(source: string, key: string, expected: string, found: string) {
    super(`${source}: ${key}: expected ${expected}, found ${found}`);
    this.name = "ConfigError";
    this.source = source;
    this.key = key;
    this.expected = expected;
    this.found = found;
  }
}

/** Several problems at once, so an operator fixes them in one pass. */
export class ConfigErrors extends Error {
  readonly errors: ConfigError[];
  constructor(errors: ConfigError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "ConfigErrors";
    this.errors = errors;
  }
}

/** Describe a value for an error message without revealing it. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "string") return value.length <= 40 && !/\s/.test(value) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
