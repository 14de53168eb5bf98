/**
 * Secrets at rest: AES-256-GCM under the master key. Format `v1.<iv>.<tag>.<ciphertext>` (base64url),
 * with an associated-data label so a sealed value cannot be moved to another purpose.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class Sealer {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new TypeError('the master key must be 32 bytes');
    this.#key = key;
  }

  seal(plaintext: string, label: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    c.setAAD(Buffer.from(label, 'utf8'));
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** Throws when the value was not sealed by this key under this label. */
  open(sealed: string, label: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || iv === undefined || tag === undefined || ct === undefined) throw new Error('not a sealed value');
    // A full 16-byte tag only: Node would otherwise take a tag as short as 4 bytes.
    const d = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    d.setAAD(Buffer.from(label, 'utf8'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}
