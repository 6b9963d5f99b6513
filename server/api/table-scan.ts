/**
 * The list route's fast path. `JSON.parse` of an apiserver Table builds every row object, and at 100 pods that
 * costs more than the rest of the request. Here the Table text is walked once and each row is re-emitted in the
 * route's row shape from slices of the input: `cells` and five metadata fields (name, namespace, uid,
 * creationTimestamp, labels) are copied after a strict JSON check; everything else in a row (managedFields,
 * annotations — which on a Secret can hold the last-applied data —, ownerReferences) is stepped over and never
 * copied. The small parts (top-level kind, metadata, columnDefinitions) are parsed normally.
 *
 * Returns undefined for anything that is not a JSON object with `"kind": "Table"` this walker can read; the
 * caller then takes the parsing path (`tableFromBody` in table.ts), which is also the reference the walker is
 * tested against (test/api/table-scan.test.ts). Duplicate keys resolve as in JSON.parse: the last one wins.
 */

export interface ScannedTable {
  metadata: unknown;
  columnDefinitions: unknown;
  /** JSON array text of `{name, namespace?, uid?, creationTimestamp?, labels?, cells}` rows. */
  rowsJson: string;
}

/** Thrown inside the walk to give up; never escapes scanTable. */
const BAIL: unique symbol = Symbol("bail");
const MAX_DEPTH = 64;
/** Sticky token patterns (JSON's grammar) for the parts that are copied to the output. */
const STRING_SOURCE = String.raw`"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
const SCALAR_SOURCE = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null`;
const STRING = new RegExp(STRING_SOURCE, "y");
const SCALAR = new RegExp(SCALAR_SOURCE, "y");
/** Whole-value shortcuts for the common shapes (one native match instead of a token walk). JSON's whitespace is
 * only these four characters (`\s` would also take e.g. U+00A0). */
const WS = "[ \\t\\n\\r]*";
const FLAT = String.raw`(?:${STRING_SOURCE}|${SCALAR_SOURCE})`;
const ENTRY = `${STRING_SOURCE}${WS}:${WS}${STRING_SOURCE}`;
/** An array of strings, numbers and literals (a row's cells). */
const FLAT_ARRAY = new RegExp(`\\[${WS}(?:${FLAT}${WS}(?:,${WS}${FLAT}${WS})*)?\\]`, "y");
/** An object of string values (labels). */
const STRING_MAP = new RegExp(`\\{${WS}(?:${ENTRY}${WS}(?:,${WS}${ENTRY}${WS})*)?\\}`, "y");

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;

export function scanTable(text: string): ScannedTable | undefined {
  try {
    return new TableWalker(text).table();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

class TableWalker {
  readonly s: string;
  i = 0;
  /** The current row's copied metadata fields (JSON text) — the last `object.metadata` seen wins. */
  name: string | undefined;
  namespace: string | undefined;
  uid: string | undefined;
  creationTimestamp: string | undefined;
  labels: string | undefined;
  /** The last key read (see key()). */
  keyStart = 0;
  keyLength = 0;
  escapedKey: string | undefined;

  constructor(text: string) {
    this.s = text;
  }

  table(): ScannedTable | undefined {
    let kind: unknown;
    let metadata: unknown;
    let columnDefinitions: unknown;
    let rowsJson = "[]";
    if (this.peek() !== OPEN_OBJECT) return undefined;
    if (this.enterObject()) {
      do {
        this.key();
        if (this.is("kind")) kind = this.parsed();
        else if (this.is("metadata")) metadata = this.parsed();
        else if (this.is("columnDefinitions")) columnDefinitions = this.parsed();
        else if (this.is("rows")) rowsJson = this.rows();
        else this.skip();
      } while (this.more(CLOSE_OBJECT));
    }
    this.ws();
    if (this.i !== this.s.length) throw BAIL; // only whitespace may follow the object
    return kind === "Table" ? { metadata, columnDefinitions, rowsJson } : undefined;
  }

  /** The `rows` value: an array of row objects (anything else lists as no rows, as the parsing path does). */
  rows(): string {
    if (this.peek() !== OPEN_ARRAY) {
      this.skip();
      return "[]";
    }
    this.i++;
    if (this.peek() === CLOSE_ARRAY) {
      this.i++;
      return "[]";
    }
    const out: string[] = [];
    do out.push(this.row());
    while (this.more(CLOSE_ARRAY));
    return `[${out.join(",")}]`;
  }

  row(): string {
    let cells: string | undefined;
    this.name = this.namespace = this.uid = this.creationTimestamp = this.labels = undefined;
    if (this.enterObject()) {
      do {
        this.key();
        if (this.is("cells")) cells = this.peek() === OPEN_ARRAY ? this.copy() : this.skipped();
        else if (this.is("object")) this.rowObject();
        else this.skip();
      } while (this.more(CLOSE_OBJECT));
    }
    let out = `{"name":${this.name ?? '""'}`;
    if (this.namespace !== undefined) out += `,"namespace":${this.namespace}`;
    if (this.uid !== undefined) out += `,"uid":${this.uid}`;
    if (this.creationTimestamp !== undefined) out += `,"creationTimestamp":${this.creationTimestamp}`;
    if (this.labels !== undefined) out += `,"labels":${this.labels}`;
    return `${out},"cells":${cells ?? "[]"}}`;
  }

  /** A row's `object` (PartialObjectMetadata): only its `metadata` is read. */
  rowObject(): void {
    this.name = this.namespace = this.uid = this.creationTimestamp = this.labels = undefined;
    if (!this.enterObject()) return;
    do {
      this.key();
      if (this.is("metadata")) this.metadata();
      else this.skip();
    } while (this.more(CLOSE_OBJECT));
  }

  metadata(): void {
    this.name = this.namespace = this.uid = this.creationTimestamp = this.labels = undefined;
    if (!this.enterObject()) return;
    do {
      this.key();
      if (this.is("name")) this.name = this.copyString();
      else if (this.is("namespace")) this.namespace = this.copyString();
      else if (this.is("uid")) this.uid = this.copyString();
      else if (this.is("creationTimestamp")) this.creationTimestamp = this.copyString();
      else if (this.is("labels")) this.labels = this.peek() === OPEN_OBJECT ? this.copy() : this.skipped();
      else this.skip();
    } while (this.more(CLOSE_OBJECT));
  }

  // --- structure ---

  /**
   * Reads a member's key and its colon into keyStart/keyLength (no string is made); `is` compares it.
   * Keys are short: one loop finds the end and notices escapes, which are decoded (rare).
   */
  key(): void {
    const s = this.s;
    if (this.peek() !== QUOTE) throw BAIL;
    const start = this.i + 1;
    let j = start;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        j += 2;
      } else if (c >= 32) j++;
      else throw BAIL; // control character or end of text
    }
    this.i = j + 1;
    this.keyStart = start;
    this.keyLength = j - start;
    this.escapedKey = escaped ? String(this.decode(s.slice(start - 1, j + 1))) : undefined;
    if (this.peek() !== COLON) throw BAIL;
    this.i++;
  }

  /** Whether the key just read equals `name`. */
  is(name: string): boolean {
    if (this.escapedKey !== undefined) return this.escapedKey === name;
    if (this.keyLength !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (this.s.charCodeAt(this.keyStart + k) !== name.charCodeAt(k)) return false;
    return true;
  }

  /** After a member or element: true when a comma follows, false when `close` ends the container. */
  more(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === COMMA) return true;
    if (c === close) return false;
    throw BAIL;
  }

  /**
   * At a value: an object with members is entered (true: read its keys next); anything else, an empty object
   * included, is stepped over (false).
   */
  enterObject(): boolean {
    if (this.peek() !== OPEN_OBJECT) {
      this.skip();
      return false;
    }
    this.i++;
    return !this.emptyObject();
  }

  /** Just after `{`: consumes `}` when the object is empty. */
  emptyObject(): boolean {
    if (this.peek() !== CLOSE_OBJECT) return false;
    this.i++;
    return true;
  }

  // --- values ---

  /** A small value, parsed (top-level kind, metadata, columns). */
  parsed(): unknown {
    this.ws();
    const start = this.i;
    this.skip();
    return this.decode(this.s.slice(start, this.i));
  }

  /** A value that goes into the output: checked against JSON's grammar, returned as its text. */
  copy(): string {
    this.ws();
    const start = this.i;
    const c = this.s.charCodeAt(start);
    const shortcut = c === OPEN_ARRAY ? FLAT_ARRAY : c === OPEN_OBJECT ? STRING_MAP : undefined;
    if (shortcut) {
      shortcut.lastIndex = start;
      if (shortcut.test(this.s)) {
        this.i = shortcut.lastIndex;
        return this.s.slice(start, this.i);
      }
    }
    this.strict(0);
    return this.s.slice(start, this.i);
  }

  /** A string value's text, or undefined (value stepped over) when it is not a string. */
  copyString(): string | undefined {
    return this.peek() === QUOTE ? this.copy() : this.skipped();
  }

  skipped(): undefined {
    this.skip();
    return undefined;
  }

  /** Steps over a value that is not copied: brackets must balance and strings close; nothing is built. */
  skip(): void {
    const s = this.s;
    const c = this.peek();
    if (c === QUOTE) return this.skipString();
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return this.scalar();
    const closers: number[] = [];
    for (;;) {
      const ch = s.charCodeAt(this.i);
      if (ch === QUOTE) {
        this.skipString();
        continue;
      }
      if (ch === OPEN_OBJECT) closers.push(CLOSE_OBJECT);
      else if (ch === OPEN_ARRAY) closers.push(CLOSE_ARRAY);
      else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
        if (closers.pop() !== ch) throw BAIL;
        if (closers.length === 0) {
          this.i++;
          return;
        }
      } else if (Number.isNaN(ch)) throw BAIL; // end of text inside a container
      this.i++;
    }
  }

  /** The closing quote, found with indexOf; a quote after an odd run of backslashes is escaped. */
  skipString(): void {
    const s = this.s;
    let from = this.i + 1;
    for (;;) {
      const quote = s.indexOf('"', from);
      if (quote < 0) throw BAIL;
      let slash = quote - 1;
      while (s.charCodeAt(slash) === BACKSLASH) slash--;
      if ((quote - 1 - slash) % 2 === 0) {
        this.i = quote + 1;
        return;
      }
      from = quote + 1;
    }
  }

  strict(depth: number): void {
    if (depth > MAX_DEPTH) throw BAIL;
    const c = this.peek();
    if (c === QUOTE) return this.token(STRING);
    if (c === OPEN_ARRAY) {
      this.i++;
      if (this.peek() === CLOSE_ARRAY) {
        this.i++;
        return;
      }
      do this.strict(depth + 1);
      while (this.more(CLOSE_ARRAY));
      return;
    }
    if (c === OPEN_OBJECT) {
      this.i++;
      if (this.emptyObject()) return;
      do {
        this.ws();
        this.token(STRING);
        if (this.peek() !== COLON) throw BAIL;
        this.i++;
        this.strict(depth + 1);
      } while (this.more(CLOSE_OBJECT));
      return;
    }
    this.token(SCALAR);
  }

  scalar(): void {
    this.token(SCALAR);
  }

  token(pattern: RegExp): void {
    pattern.lastIndex = this.i;
    if (!pattern.test(this.s)) throw BAIL;
    this.i = pattern.lastIndex;
  }

  // --- helpers ---

  /** The next non-whitespace character code (NaN at the end), leaving the position on it. */
  peek(): number {
    const c = this.s.charCodeAt(this.i);
    if (c > 32) return c;
    this.ws();
    return this.s.charCodeAt(this.i);
  }

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else return;
    }
  }

  decode(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw BAIL;
    }
  }
}
