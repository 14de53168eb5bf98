/**
 * Encoded authorization messages: what an AccessDenied carried as `EncodedMessage` decodes to via
 * sts:DecodeAuthorizationMessage — the decision and its context, in the JSON shape AWS shows
 * (allowed, explicitDeny, matchedStatements, failures, context). Sealed with AES-256-GCM under a
 * key derived from the master key, so only this deployment can read its messages.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface AuthorizationDetails {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: { readonly items: readonly unknown[] };
  readonly failures: { readonly items: readonly unknown[] };
  readonly context: {
    readonly principal: { readonly id: string; readonly name?: string; readonly arn: string };
    readonly action: string;
    readonly resource: string;
    readonly conditions: { readonly items: readonly { readonly key: string; readonly values: { readonly items: readonly { readonly value: string }[] } }[] };
  };
}

const AAD = Buffer.from('rolegate/authorization-message/v1');

export class AuthorizationMessages {
  readonly #key: Buffer;
  constructor(masterKey: Buffer) {
    this.#key = Buffer.from(hkdfSync('sha256', masterKey, 'rolegate', 'authorization-message/v1', 32));
  }

  encode(details: AuthorizationDetails): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    c.setAAD(AAD);
    const ct = Buffer.concat([c.update(JSON.stringify(details), 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url');
  }

  /** The decoded JSON text, or undefined when the message is not one of ours. */
  decode(message: string): string | undefined {
    if (!/^[A-Za-z0-9_-]{40,}$/.test(message) || message.length > 100_000) return undefined;
    const raw = Buffer.from(message, 'base64url');
    try {
      const d = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      d.setAAD(AAD);
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
