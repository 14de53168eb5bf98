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
import type { ServiceNotServed } from '../access/not-served.js';
import type { ErrorCode } from '../core/errors.js';
import { escapeXml } from './xml.js';
import type { Encoded } from './wire.js';

/** The REST-XML services (botocore `"protocol": "rest-xml"`); other REST services speak JSON. */
const REST_XML = new Set(['s3', 's3control', 'cloudfront', 'route53']);

/**
 * `json`: the request names its operation in X-Amz-Target; `queryAction`: it carries an Action
 * parameter (Query and EC2 protocols always do).
 */
export function notServedAnswer(e: ServiceNotServed, json: boolean, queryAction: boolean, requestId: string): Encoded {
  const headers = ['x-amzn-errortype', e.code];
  const inner = `<Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message>`;
  // EC2's own shape (APIReference/errors-overview.html, "Example error response"): the Go and
  // Swift SDKs read only Errors/Error/Code; botocore and SDK v3 read it too.
  if (e.service === 'ec2' && !json) {
    return { status: e.status, contentType: 'text/xml;charset=UTF-8', headers, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${inner}</Error></Errors><RequestID>${requestId}</RequestID></Response>` };
  }
  if (json || (!queryAction && !REST_XML.has(e.service))) {
    const code: ErrorCode = 'UnknownOperationException';
    return { status: e.status, contentType: 'application/json', headers: ['x-amzn-errortype', code], body: JSON.stringify({ __type: code, message: e.message }) };
  }
  if (e.service === 's3') return { status: e.status, contentType: 'application/xml', headers, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}<RequestId>${requestId}</RequestId></Error>` };
  return { status: e.status, contentType: 'text/xml', headers, body: `<ErrorResponse><Error><Type>Sender</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>` };
}
