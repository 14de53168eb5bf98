/**
 * CloudTrail-shaped audit events, one JSON object per line under <data-dir>/audit/YYYY-MM-DD.jsonl
 * (UTC). Every call — allowed, denied or failed — writes one. Secrets never reach the file:
 * values of secret-bearing fields are replaced as CloudTrail does.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { appendFileSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '../core/action.js';
import type { Params, Spec } from '../core/input.js';
import { hidePrivateKeys } from '../core/private-keys.js';
import { isoTimeCache } from '../core/time.js';

const HIDDEN_JSON = '"HIDDEN_DUE_TO_SECURITY_REASONS"';
/**
 * Fields whose values are credentials (secrets, tokens, assertions, private keys, MFA seeds and
 * codes) or that the service models mark sensitive in responses (Organizations' account email and
 * name). Request members are also hidden by their spec's `sensitive` flag, whatever their names.
 */
const SECRET_FIELD = /secret|password|token|assertion|signature|privatekey|seed|qrcode|authenticationcode|email|accountname/i;

/** A member's name as it opens an object (`{"name":`) and as it follows another (`,"name":`). */
interface KeyText {
  readonly first: string;
  readonly next: string;
  readonly secret: boolean;
}
const keys = new Map<string, KeyText>();
const MAX_KEYS = 10_000;

function keyOf(k: string): KeyText {
  let info = keys.get(k);
  if (info === undefined) {
    const json = JSON.stringify(k.charAt(0).toLowerCase() + k.slice(1));
    info = { first: `{${json}:`, next: `,${json}:`, secret: SECRET_FIELD.test(k) && k !== 'AccessKeyId' };
    if (keys.size < MAX_KEYS) keys.set(k, info);
  }
  return info;
}

/** A session's expiry is shared by every session issued in its second: its text is kept. */
const valueTime = isoTimeCache();

/**
 * The JSON of an audit value in one pass: keys camelCased (CloudTrail style), secret-bearing
 * values replaced, undefined members dropped, dates as AWS timestamps. (A redacting copy followed
 * by JSON.stringify cost three times as much, and every request pays for it.) Pieces are collected
 * and joined once: a string grown by `+=` is a tree of pieces that has to be flattened again before
 * it can be written.
 *
 * `spec`, when the value is a request's input, is its parameter shape: members the service model
 * marks sensitive are hidden whatever their names (the name test below covers responses). A PEM
 * private-key block in any other string (a key pasted into a certificate body) is hidden too.
 */
function pushJson(v: unknown, out: string[], spec?: Spec): void {
  if (spec?.sensitive === true && v !== undefined) {
    out.push(HIDDEN_JSON);
    return;
  }
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(hidePrivateKeys(v)));
      return;
    case 'number':
      out.push(Number.isFinite(v) ? String(v) : 'null');
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'object':
      if (v !== null) break;
      out.push('null');
      return;
    default:
      out.push('null');
      return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      pushJson(v[i], out, spec?.type === 'list' ? spec.member : undefined);
    }
    out.push(']');
    return;
  }
  if (v instanceof Date) {
    out.push('"', valueTime(v), '"');
    return;
  }
  const o = (v instanceof Map ? Object.fromEntries(v as Map<string, unknown>) : v) as Record<string, unknown>;
  const members = spec?.type === 'structure' ? spec.members : undefined;
  let first = true;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined) continue;
    const key = keyOf(k);
    out.push(first ? key.first : key.next);
    if (key.secret) out.push(HIDDEN_JSON);
    else pushJson(x, out, members !== undefined && Object.hasOwn(members, k) ? members[k] : undefined);
    first = false;
  }
  out.push(first ? '{}' : '}');
}

/** What the pipeline knows of one call when it ends; the line is built from it directly. */
export interface AuditRecord {
  readonly time: Date;
  readonly service: string;
  readonly eventName: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The JSON of the userIdentity member (identityOf), or undefined for an unauthenticated call. */
  readonly identity: string | undefined;
  readonly account: string | undefined;
  /** Raw values: camelCased and redacted by pushJson when the line is built. */
  readonly input: unknown;
  /** The action's parameter shapes: its sensitive members are hidden from requestParameters. */
  readonly params?: Params | undefined;
  readonly result: unknown;
  readonly errorCode?: string | undefined;
  readonly errorMessage?: string | undefined;
  readonly requestId: string;
  readonly eventId: string;
}

const READ_ONLY = /^(Get|List|Describe|Simulate|Decode)/;

/**
 * CloudTrail names an AWS service's events `<service prefix>.amazonaws.com`. Rolegate's own
 * service (prefix `rolegate`, RolegateV20261201.*) is not AWS's: its events carry
 * `rolegate.local` (the domain Rolegate already uses for itself), so no rule written for AWS's
 * sources matches them by mistake (README, the audit log).
 */
const eventSource = (service: string): string => (service === 'rolegate' ? 'rolegate.local' : `${service}.amazonaws.com`);

/** eventTime changes once a second; the text is cached for the second. */
const eventTime = isoTimeCache();

/**
 * One CloudTrail record as JSON, members in CloudTrail's order. Strings that come from the client
 * (names, agent, messages) go through JSON.stringify; the rest are our own constants.
 */
export function eventJson(r: AuditRecord): string {
  return eventParts(r, '}').join('');
}

/**
 * From the record's start to the opening of requestParameters, the members repeat from call to
 * call of one client within a second (identity, time, service, action, region, address, agent):
 * the last such text is kept, and so is the last closing text (read-only or not, account).
 */
let head = { identity: '', time: '', service: '', eventName: '', region: '', sourceIp: '', userAgent: '', text: '' };
let tail = { readOnly: false, account: '', end: '', text: '' };

function headOf(r: AuditRecord): string {
  const identity = r.identity ?? 'null';
  const time = eventTime(r.time);
  const h = head;
  if (h.identity === identity && h.time === time && h.service === r.service && h.eventName === r.eventName && h.region === r.region && h.sourceIp === r.sourceIp && h.userAgent === r.userAgent) {
    return h.text;
  }
  const text =
    `{"eventVersion":"1.08","userIdentity":${identity},"eventTime":"${time}","eventSource":"${eventSource(r.service)}",` +
    `"eventName":${JSON.stringify(r.eventName)},"awsRegion":${JSON.stringify(r.region)},"sourceIPAddress":${JSON.stringify(r.sourceIp)},` +
    `"userAgent":${JSON.stringify(r.userAgent)}`;
  head = { identity, time, service: r.service, eventName: r.eventName, region: r.region, sourceIp: r.sourceIp, userAgent: r.userAgent, text };
  return text;
}

function tailOf(readOnly: boolean, account: string | undefined, end: string): string {
  const t = tail;
  if (t.readOnly === readOnly && t.account === (account ?? '\0') && t.end === end) return t.text;
  const text = `${readOnly ? '","readOnly":true' : '","readOnly":false'},"eventType":"AwsApiCall","managementEvent":true${account === undefined ? '' : `,"recipientAccountId":"${account}"`}${end}`;
  tail = { readOnly, account: account ?? '\0', end, text };
  return text;
}

function eventParts(r: AuditRecord, end: string): string[] {
  const readOnly = READ_ONLY.test(r.eventName);
  const failed = r.errorCode !== undefined;
  const out = [headOf(r)];
  if (failed) out.push(',"errorCode":', JSON.stringify(r.errorCode), ',"errorMessage":', JSON.stringify(hidePrivateKeys(r.errorMessage ?? '')));
  out.push(',"requestParameters":');
  pushJson(r.input, out, r.params === undefined ? undefined : { type: 'structure', members: r.params });
  out.push(',"responseElements":');
  if (failed || readOnly) out.push('null');
  else pushJson(r.result, out);
  out.push(',"requestID":"', r.requestId, '","eventID":"', r.eventId, tailOf(readOnly, r.account, end));
  return out;
}

/** Pending lines reach the file at least this often, or sooner when the batch buffer fills. */
const FLUSH_MS = 100;
const BATCH_BYTES = 256 * 1024;

export class AuditLog {
  readonly #dir: string;
  /** The userIdentity member of a caller's events; long-term callers are cached objects, so is this. */
  readonly #identities = new WeakMap<Caller, string>();
  #day = '';
  #stream: WriteStream | undefined;
  /** Lines are encoded straight into a batch buffer: no joined string to flatten and re-encode. */
  #batch = Buffer.allocUnsafe(BATCH_BYTES);
  #used = 0;
  #timer: NodeJS.Timeout | undefined;

  /** The JSON of a caller's userIdentity member. */
  identityOf(c: Caller): string {
    let json = this.#identities.get(c);
    if (json === undefined) {
      const type = c.type === 'user' ? 'IAMUser' : c.type === 'root' ? 'Root' : c.type === 'role-session' ? 'AssumedRole' : c.type === 'anonymous' ? 'Unknown' : 'FederatedUser';
      json = JSON.stringify({ type, principalId: c.userId, arn: c.arn, accountId: c.account, accessKeyId: c.accessKeyId, ...(c.userName === undefined ? {} : { userName: c.userName }) });
      this.#identities.set(c, json);
    }
    return json;
  }

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'audit');
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
  }

  #queue: AuditRecord[] = [];

  /**
   * Queues the event. It is serialized later in the same event-loop turn, after the turn's
   * responses have left (the pipeline sends them from an earlier setImmediate), so a client's next
   * requests are already on their way while the lines are built. Lines are then written in batches
   * (every 100 ms, or each 256 KiB): one write per request cost a thread-pool hand-off and a system
   * call each, a fifth of a busy server's time.
   */
  write(r: AuditRecord): void {
    if (this.#closed) {
      // A call that finishes after shutdown began (its connection was cut) is still recorded.
      appendFileSync(join(this.#dir, `${eventTime(r.time).slice(0, 10)}.jsonl`), eventParts(r, '}\n').join(''), { mode: 0o600 });
      return;
    }
    if (this.#queue.push(r) === 1) setImmediate(() => this.#drain());
  }

  #drain(): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const r of queue) this.#append(r);
  }

  #append(r: AuditRecord): void {
    const line = eventParts(r, '}\n').join('');
    const day = eventTime(r.time).slice(0, 10);
    if (day !== this.#day || this.#stream === undefined) {
      this.#flush();
      this.#stream?.end();
      this.#day = day;
      this.#stream = createWriteStream(join(this.#dir, `${day}.jsonl`), { flags: 'a', mode: 0o600 });
    }
    // At most 3 bytes per UTF-16 unit: if it might not fit, flush first; a huge line goes alone.
    if (this.#used + line.length * 3 > BATCH_BYTES) {
      this.#flush();
      if (line.length * 3 > BATCH_BYTES) {
        this.#stream.write(line);
        return;
      }
    }
    this.#used += this.#batch.write(line, this.#used);
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS).unref();
  }

  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#used === 0 || this.#stream === undefined) return;
    this.#stream.write(this.#batch.subarray(0, this.#used));
    this.#batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.#used = 0;
  }

  #closed = false;

  close(): Promise<void> {
    this.#closed = true;
    this.#drain();
    this.#flush();
    const s = this.#stream;
    this.#stream = undefined;
    return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
  }
}
