/**
 * A signed call for a service Rolegate does not serve, recognised from its credential scope alone
 * (before any key is looked up or any signature checked, so it says nothing about keys or
 * signatures). http/not-served.ts writes the answer each client family reads.
 */
import { AwsError } from '../core/errors.js';
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
    super('InvalidAction', `Rolegate does not serve the '${service}' service; only ${list} are served at this endpoint.`);
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

