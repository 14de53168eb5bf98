/**
 * AWS Query protocol responses: `<ActionResponse xmlns=…><ActionResult>…</ActionResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>`; lists as
 * `<member>` elements; absent (undefined) fields omitted; times as ISO 8601 without milliseconds.
 */
import type { AwsError } from './errors.js';

export const NAMESPACES = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const;

/** A value the encoder understands. Dates become ISO 8601 timestamps. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | readonly XmlValue[]
  | ReadonlyMap<string, XmlValue>
  | { readonly [k: string]: XmlValue };

const XML_SPECIAL = /[&<>"']/;

export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** AWS IAM/STS timestamp form: 2026-11-22T07:45:29Z. */
export function isoTime(d: Date): string {
  const iso = d.toISOString();
  // Years past 9999 (±YYYYYY-…) keep their form; the usual one drops ".sssZ".
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * isoTime remembering its last second: the text depends on the second alone, and a hot caller sees
 * the same second many times (a request's time, the expiry every session of that second shares).
 * Each caller keeps its own, so that two callers' seconds do not push each other out.
 */
export function isoTimeCache(): (d: Date) => string {
  let second = NaN;
  let text = '';
  return (d) => {
    const s = Math.floor(d.getTime() / 1000);
    if (s !== second) {
      text = isoTime(d);
      second = s;
    }
    return text;
  };
}
const timeText = isoTimeCache();

/** `<Name>` and `</Name>` of the members seen, made once. */
const TAGS = new Map<string, { readonly open: string; readonly close: string }>();
const MAX_TAGS = 10_000;
function tagsOf(k: string): { readonly open: string; readonly close: string } {
  let t = TAGS.get(k);
  if (t === undefined) {
    t = { open: `<${k}>`, close: `</${k}>` };
    if (TAGS.size < MAX_TAGS) TAGS.set(k, t);
  }
  return t;
}

/** Appends the pieces of a value's XML to `out`; they are joined once, at the end. */
function encodeValue(v: XmlValue, out: string[]): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string') out.push(escapeXml(v));
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (v instanceof Date) out.push(timeText(v));
  else if (v instanceof Map) {
    // Query-protocol maps (EvalDecisionDetails, SummaryMap): <entry><key>…</key><value>…</value></entry>
    for (const [k, child] of v as ReadonlyMap<string, XmlValue>) {
      out.push('<entry><key>', escapeXml(k), '</key><value>');
      encodeValue(child, out);
      out.push('</value></entry>');
    }
  }
  else if (Array.isArray(v)) {
    for (const item of v as readonly XmlValue[]) {
      out.push('<member>');
      encodeValue(item, out);
      out.push('</member>');
    }
  } else {
    const o = v as { readonly [k: string]: XmlValue };
    for (const k of Object.keys(o)) {
      const child = o[k];
      if (child === undefined || child === null) continue;
      const t = tagsOf(k);
      out.push(t.open);
      encodeValue(child, out);
      out.push(t.close);
    }
  }
}

/** The fixed text around an action's result and request id, made once per action. */
interface Envelope {
  readonly open: string;
  readonly middle: string;
  readonly close: string;
  readonly empty: string;
}
const ENVELOPES = new Map<string, Envelope>();

function envelopeOf(service: keyof typeof NAMESPACES, action: string): Envelope {
  const key = `${service}:${action}`;
  let e = ENVELOPES.get(key);
  if (e === undefined) {
    const response = `<${action}Response xmlns="${NAMESPACES[service]}">`;
    e = {
      open: `${response}<${action}Result>`,
      middle: `</${action}Result><ResponseMetadata><RequestId>`,
      close: `</RequestId></ResponseMetadata></${action}Response>`,
      empty: `${response}<ResponseMetadata><RequestId>`,
    };
    // An action name reaches here only once the registry knows it: a bounded set.
    if (ENVELOPES.size < 1000) ENVELOPES.set(key, e);
  }
  return e;
}

export function encodeQueryResponse(service: keyof typeof NAMESPACES, action: string, result: XmlValue, requestId: string): string {
  const e = envelopeOf(service, action);
  if (result === undefined || result === null) return e.empty + requestId + e.close;
  const out: string[] = [e.open];
  encodeValue(result, out);
  out.push(e.middle, requestId, e.close);
  return out.join('');
}

/**
 * Characters XML 1.0 does not allow, even as references (controls, U+FFFE/U+FFFF, lone
 * surrogates): a message quoting a client's value with one would be a body no XML parser reads
 * (botocore: "Unable to parse response … invalid XML received"). They are written as `\uXXXX`.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlChars = (s: string): string => s.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

export function encodeQueryError(service: keyof typeof NAMESPACES, err: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error><Type>${err.sender ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(xmlChars(err.message))}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
