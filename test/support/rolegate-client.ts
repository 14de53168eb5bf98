/**
 * A client for Rolegate's own service (`rolegate`, AWS JSON 1.1): no AWS SDK has one, so it is
 * what a service beside Rolegate would write with SDK v3's own parts — @smithy/signature-v4
 * signs, fetch sends.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials, TestServer } from './server.js';

export const ROLEGATE_TARGET_PREFIX = 'RolegateV20261201';

export interface RolegateAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly json: Record<string, unknown>;
}

export class RolegateClient {
  readonly #url: URL;
  readonly #signer: SignatureV4;

  constructor(endpoint: string, credentials: Credentials, region = 'us-east-1') {
    this.#url = new URL(endpoint);
    this.#signer = new SignatureV4({ service: 'rolegate', region, credentials, sha256: Hash.bind(null, 'sha256') });
  }

  async send(operation: string, input: object): Promise<RolegateAnswer> {
    const body = JSON.stringify(input);
    const signed = await this.#signer.sign({
      method: 'POST',
      protocol: this.#url.protocol,
      hostname: this.#url.hostname,
      port: Number(this.#url.port),
      path: '/',
      headers: { host: this.#url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ROLEGATE_TARGET_PREFIX}.${operation}` },
      body,
    });
    const res = await fetch(new URL('/', this.#url), { method: 'POST', headers: signed.headers, body });
    return { status: res.status, contentType: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
  }
}

export const rolegateClient = (t: TestServer, creds: Credentials = t.admin, region?: string): RolegateClient => new RolegateClient(t.url, creds, region);
