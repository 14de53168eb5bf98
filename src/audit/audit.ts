/**
 * CloudTrail-shaped audit events, one JSON object per line under <data-dir>/audit/YYYY-MM-DD.jsonl
 * (UTC). Every call — allowed, denied or failed — writes one. Secrets never reach the file:
 * values of secret-bearing fields are replaced as CloudTrail does.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface AuditEvent {
  readonly eventVersion: '1.08';
  readonly userIdentity: Readonly<Record<string, unknown>> | null;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  /** Raw values: auditJson camelCases their keys and hides secrets when the event is written. */
  readonly requestParameters: unknown;
  readonly responseElements: unknown;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestID: string;
  readonly eventID: string;
  readonly readOnly: boolean;
  readonly eventType: 'AwsApiCall';
  readonly managementEvent: true;
  readonly recipientAccountId?: string;
}

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
/** Fields whose values are credentials: secrets, tokens, assertions, private keys, MFA seeds and codes. */
const SECRET_FIELD = /secret|password|token|assertion|signature|privatekey|seed|qrcode|authenticationcode/i;

const keys = new Map<string, { readonly json: string; readonly secret: boolean }>();
const MAX_KEYS = 10_000;

function keyOf(k: string): { readonly json: string; readonly secret: boolean } {
  let info = keys.get(k);
  if (info === undefined) {
    info = { json: JSON.stringify(k.charAt(0).toLowerCase() + k.slice(1)), secret: SECRET_FIELD.test(k) && k !== 'AccessKeyId' };
    if (keys.size < MAX_KEYS) keys.set(k, info);
  }
  return info;
}

/**
 * The JSON of an audit value in one pass: keys camelCased (CloudTrail style), secret-bearing
 * values replaced, undefined members dropped, dates as AWS timestamps. (A redacting copy followed
 * by JSON.stringify cost three times as much, and every request pays for it.)
 */
export function auditJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(v)) return `[${(v as unknown[]).map(auditJson).join(',')}]`;
  if (v instanceof Date) return `"${v.toISOString().replace(/\.\d{3}Z$/, 'Z')}"`;
  if (v instanceof Map) return auditJson(Object.fromEntries(v as Map<string, unknown>));
  let out = '{';
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    const key = keyOf(k);
    out += `${out.length > 1 ? ',' : ''}${key.json}:${key.secret ? `"${HIDDEN}"` : auditJson(x)}`;
  }
  return `${out}}`;
}

/**
 * The event as one JSON line: the fixed envelope through the native JSON.stringify, the two
 * client-shaped members through auditJson (camelCased, secrets hidden).
 */
export function eventJson(e: AuditEvent): string {
  const { requestParameters, responseElements, ...envelope } = e;
  const head = JSON.stringify(envelope);
  return `${head.slice(0, -1)},"requestParameters":${auditJson(requestParameters)},"responseElements":${auditJson(responseElements)}}`;
}

export class AuditLog {
  readonly #dir: string;
  #day = '';
  #stream: WriteStream | undefined;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'audit');
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
  }

  #pending: string[] = [];
  #scheduled = false;

  /** Queues the event; events of one event-loop turn reach the file in one write. */
  write(e: AuditEvent): void {
    const day = e.eventTime.slice(0, 10);
    if (day !== this.#day || this.#stream === undefined) {
      this.#flush();
      this.#stream?.end();
      this.#day = day;
      this.#stream = createWriteStream(join(this.#dir, `${day}.jsonl`), { flags: 'a', mode: 0o600 });
    }
    this.#pending.push(eventJson(e));
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0 || this.#stream === undefined) return;
    this.#stream.write(`${this.#pending.join('\n')}\n`);
    this.#pending = [];
  }

  close(): Promise<void> {
    this.#flush();
    const s = this.#stream;
    this.#stream = undefined;
    return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
  }
}
