/**
 * Secrets at rest: AES-256-GCM. Format `v2.<iv>.<tag>.<ciphertext>` (base64url), with an
 * associated-data label so a sealed value cannot be moved to another purpose.
 *
 * v2 seals under a key derived from the master key (HKDF, "secrets-at-rest/v2"), so that the
 * master key itself is only ever HKDF input, as for session tokens and authorization messages.
 * (v1, sealed under the master key directly, was never released: only v2 opens.)
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export class Sealer {
  /** The v2 key, derived from the master key. */
  readonly #current: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new TypeError('the master key must be 32 bytes');
    this.#current = Buffer.from(hkdfSync('sha256', key, 'rolegate', 'secrets-at-rest/v2', 32));
  }

  seal(plaintext: string, label: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#current, iv);
    c.setAAD(Buffer.from(label, 'utf8'));
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return ['v2', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** Throws when the value was not sealed by this key under this label. */
  open(sealed: string, label: string): string {
    const [v, iv, tag, ct, extra] = sealed.split('.');
    if (v !== 'v2' || iv === undefined || tag === undefined || ct === undefined || extra !== undefined) throw new Error('not a sealed value');
    // A full 16-byte tag only: Node would otherwise take a tag as short as 4 bytes.
    const d = createDecipheriv('aes-256-gcm', this.#current, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    d.setAAD(Buffer.from(label, 'utf8'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}
