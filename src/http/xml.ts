/**
 * AWS Query protocol responses: `<ActionResponse xmlns=…><ActionResult>…</ActionResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>`; lists as
 * `<member>` elements; absent (undefined) fields omitted; times as ISO 8601 without milliseconds.
 */
import type { Output } from '../core/action.js';
import { isoTimeCache } from '../core/time.js';
import type { AwsError } from '../core/errors.js';

const XML_SPECIAL = /[&<>"']/;

export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
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
function encodeValue(v: Output, out: string[]): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'string') out.push(escapeXml(v));
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (v instanceof Date) out.push(timeText(v));
  else if (v instanceof Map) {
    // Query-protocol maps (EvalDecisionDetails, SummaryMap): <entry><key>…</key><value>…</value></entry>
    for (const [k, child] of v as ReadonlyMap<string, Output>) {
      out.push('<entry><key>', escapeXml(k), '</key><value>');
      encodeValue(child, out);
      out.push('</value></entry>');
    }
  }
  else if (Array.isArray(v)) {
    for (const item of v as readonly Output[]) {
      out.push('<member>');
      encodeValue(item, out);
      out.push('</member>');
    }
  } else {
    const o = v as { readonly [k: string]: Output };
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

function envelopeOf(namespace: string, action: string): Envelope {
  const key = `${namespace} ${action}`;
  let e = ENVELOPES.get(key);
  if (e === undefined) {
    const response = `<${action}Response xmlns="${namespace}">`;
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

/** `namespace`: the service's XML namespace (`https://iam.amazonaws.com/doc/2010-05-08/`). */
export function encodeQueryResponse(namespace: string, action: string, result: Output, requestId: string): string {
  const e = envelopeOf(namespace, action);
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

/** An empty message is no <Message> at all, as AWS answers errors it gives no text (ReportNotPresent). */
export function encodeQueryError(namespace: string, err: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${err.sender ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(err.code)}</Code>${err.message === '' ? '' : `<Message>${escapeXml(xmlChars(err.message))}</Message>`}</Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
