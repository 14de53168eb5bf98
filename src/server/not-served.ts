/**
 * A call for a service Rolegate does not serve (`aws s3 ls`, `aws ec2 describe-instances` through a
 * shared `endpoint_url`): a clear answer naming the service, instead of SigV4's "Credential should
 * be scoped to correct service: 'iam'". It is decided from the credential scope alone — before any
 * key is looked up or any signature checked — so it says nothing about keys or signatures.
 *
 * The body is one each client family reads: JSON (`__type`, `message`) for JSON-protocol calls
 * (X-Amz-Target) and REST-JSON services (no Action parameter, not a REST-XML service), S3's
 * `<Error>` for S3, EC2's `<Response><Errors>` for EC2, a Query `<ErrorResponse>` for Query calls
 * and the other REST-XML services (botocore's query and rest-xml parsers find Code and Message in
 * it); the code is in `x-amzn-ErrorType` too, where REST-JSON clients look first.
 */
import { AwsError } from '../protocol/errors.js';
import { escapeXml } from '../protocol/xml.js';
import { firstHeader } from '../sigv4/headers.js';
import { parseQuery } from '../sigv4/index.js';

/** The request line's parts these functions read (authenticate.ts RequestHead). */
interface Head {
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
}

/** Only a plain service name is quoted back (anything else keeps SigV4's own error). */
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class ServiceNotServed extends AwsError {
  readonly service: string;
  constructor(service: string, served: readonly string[]) {
    const list = `${served.slice(0, -1).join(', ')} and ${served.at(-1) ?? ''}`;
    super('InvalidAction', `Rolegate does not serve the '${service}' service; only ${list} are served at this endpoint.`, 400);
    this.service = service;
  }
}

/**
 * The service a request's credential scope names (`AKID/date/region/SERVICE/aws4_request`, in the
 * Authorization header or X-Amz-Credential), when it is a plain name outside `served`.
 */
export function unservedService(head: Head, served: readonly string[]): string | undefined {
  const header = firstHeader(head.headers, 'authorization');
  let credential: string | undefined;
  if (header !== undefined) {
    const at = header.indexOf('Credential=');
    if (at >= 0) credential = /^[^\s,]*/.exec(header.slice(at + 11))?.[0];
  } else {
    try {
      credential = parseQuery(head.query).find((p) => p.name === 'X-Amz-Credential')?.value;
    } catch {
      return undefined; // a malformed query keeps its own error
    }
  }
  const service = credential?.split('/')[3];
  return service !== undefined && SERVICE_NAME.test(service) && !served.includes(service) ? service : undefined;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: readonly string[];
  readonly body: string;
}

/** The REST-XML services (botocore `"protocol": "rest-xml"`); other REST services speak JSON. */
const REST_XML = new Set(['s3', 's3control', 'cloudfront', 'route53']);

/** `queryAction`: the request carries an Action parameter (Query and EC2 protocols always do). */
export function notServedAnswer(e: ServiceNotServed, jsonTarget: string | undefined, queryAction: boolean, requestId: string): Answer {
  const headers = ['x-amzn-errortype', e.code];
  const inner = `<Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message>`;
  // EC2's own shape (APIReference/errors-overview.html, "Example error response"): the Go and
  // Swift SDKs read only Errors/Error/Code; botocore and SDK v3 read it too.
  if (e.service === 'ec2' && jsonTarget === undefined) {
    return { status: e.status, contentType: 'text/xml;charset=UTF-8', headers, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${inner}</Error></Errors><RequestID>${requestId}</RequestID></Response>` };
  }
  if (jsonTarget !== undefined || (!queryAction && !REST_XML.has(e.service))) {
    const code = 'UnknownOperationException';
    return { status: e.status, contentType: 'application/json', headers: ['x-amzn-errortype', code], body: JSON.stringify({ __type: code, message: e.message }) };
  }
  if (e.service === 's3') return { status: e.status, contentType: 'application/xml', headers, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}<RequestId>${requestId}</RequestId></Error>` };
  return { status: e.status, contentType: 'text/xml', headers, body: `<ErrorResponse><Error><Type>Sender</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>` };
}
