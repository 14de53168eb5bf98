/**
 * A safe JSON reader for untrusted policy text.
 *
 * Why not `JSON.parse`: it builds ordinary objects (a `"__proto__"` key lands on a plain object and
 * invites prototype confusion), it recurses without a bound of ours, and it loses the literal text of
 * numbers, which AWS keeps (a condition value `5.0` is the string "5.0" to IAM, not 5).
 * This reader builds its own null-prototype maps, caps nesting, never throws anything but
 * MalformedPolicyDocumentError, and runs in time linear in the text.
 */
import { MalformedPolicyDocumentError } from './errors.js';

/** AWS IAM's answer to text that is not JSON (CreatePolicy, PutUserPolicy; recorded in moto's IAM tests). */
export const SYNTAX_ERRORS_MESSAGE = 'Syntax errors in policy.';

/** Deepest nesting accepted. A legitimate policy nests 6 levels (document → Statement → statement → Condition → operator → values). */
export const MAX_JSON_DEPTH = 64;

/** A JSON number, kept as written so condition values keep their text ("5.0" stays "5.0"). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A JSON object: keys in order of first appearance, last value wins (as JSON.parse), duplicates noted. */
export class JsonObject {
  readonly entries = new Map<string, JsonValue>();
  duplicateKeys = false;
  get(key: string): JsonValue | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;

class Reader {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly fail: () => never,
    private readonly maxDepth: number,
  ) {}

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== WS_SPACE && c !== WS_TAB && c !== WS_LF && c !== WS_CR) return;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth > this.maxDepth) this.fail();
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private literal<T extends JsonValue>(word: string, result: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
    return result;
  }

  private object(depth: number): JsonObject {
    const obj = new JsonObject();
    this.pos++; // {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail();
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail();
      this.pos++;
      const v = this.value(depth + 1);
      if (obj.entries.has(key)) obj.duplicateKeys = true;
      obj.entries.set(key, v);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x7d) return obj;
      if (c !== 0x2c) this.fail();
    }
  }

  private array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x5d) return out;
      if (c !== 0x2c) this.fail();
    }
  }

  private string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail();
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(); // RFC 8259: control characters must be escaped
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(runStart, this.pos);
      const e = t.charCodeAt(this.pos + 1);
      this.pos += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: out += String.fromCharCode(this.hex4()); break;
        default: this.fail();
      }
      runStart = this.pos;
    }
  }

  private hex4(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text.charCodeAt(this.pos++);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else return this.fail();
      n = n * 16 + d;
    }
    return n;
  }

  private digits(): number {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos - start;
  }

  /** RFC 8259 number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private number(): JsonNumber {
    const t = this.text;
    const start = this.pos;
    if (t.charCodeAt(this.pos) === 0x2d) this.pos++;
    const first = t.charCodeAt(this.pos);
    if (first === 0x30) this.pos++;
    else if (this.digits() === 0) this.fail();
    if (t.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      if (this.digits() === 0) this.fail();
    }
    const e = t.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const s = t.charCodeAt(this.pos);
      if (s === 0x2b || s === 0x2d) this.pos++;
      if (this.digits() === 0) this.fail();
    }
    return new JsonNumber(t.slice(start, this.pos));
  }
}

/**
 * Parse untrusted JSON text. Throws MalformedPolicyDocumentError(message) for anything that is not
 * exactly one JSON value (trailing text, comments, trailing commas, bad escapes, nesting deeper
 * than `maxDepth`).
 */
export function parseJson(text: string, message: string = SYNTAX_ERRORS_MESSAGE, maxDepth: number = MAX_JSON_DEPTH): JsonValue {
  if (typeof text !== 'string') throw new TypeError('parseJson expects a string');
  const fail = (): never => {
    throw new MalformedPolicyDocumentError(message);
  };
  const reader = new Reader(text, fail, maxDepth);
  const value = reader.value(1);
  reader.skipWhitespace();
  if (reader.pos !== text.length) fail();
  return value;
}

/**
 * Copy an already-parsed JavaScript value into the reader's own representation, so the validator
 * never keeps or walks the client's objects twice. Accepts what JSON.parse can produce; anything
 * else (undefined, functions, symbols, bigints, non-finite numbers, cycles, throwing getters,
 * revoked proxies) is a MalformedPolicyDocumentError(message).
 */
export function fromParsedValue(value: unknown, message: string = SYNTAX_ERRORS_MESSAGE, maxDepth: number = MAX_JSON_DEPTH): JsonValue {
  try {
    return copyValue(value, 1, message, maxDepth);
  } catch (err) {
    if (err instanceof MalformedPolicyDocumentError) throw err;
    throw new MalformedPolicyDocumentError(message);
  }
}

function copyValue(value: unknown, depth: number, message: string, maxDepth: number): JsonValue {
  if (depth > maxDepth) throw new MalformedPolicyDocumentError(message);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MalformedPolicyDocumentError(message);
    return new JsonNumber(JSON.stringify(value));
  }
  if (typeof value !== 'object') throw new MalformedPolicyDocumentError(message);
  if (Array.isArray(value)) {
    const src: readonly unknown[] = value;
    const len = src.length;
    const out: JsonValue[] = new Array<JsonValue>(len);
    for (let i = 0; i < len; i++) out[i] = copyValue(src[i], depth + 1, message, maxDepth);
    return out;
  }
  const obj = new JsonObject();
  const src = value as Record<string, unknown>;
  for (const key of Object.keys(src)) obj.entries.set(key, copyValue(src[key], depth + 1, message, maxDepth));
  return obj;
}
