/**
 * The signing keys of Rolegate's issuers (issuers.ts): generated here, stored in the store with the
 * private half sealed under the master key (credentials/sealing.ts, a label naming the account,
 * issuer and kid, so a sealed key cannot be moved to another), rotated every
 * ROLEGATE_ISSUER_KEY_ROTATION_SECONDS.
 *
 * A key is keyed by the start of its rotation window (`<purpose>/<alg>/<window start>`), so every
 * node asking for the current key names the same item: the first write creates it (expectedVersion
 * 0) and a node that lost the race reads the winner's. A key signs only inside its window; it is
 * published from the last quarter of the window before (signingKey) and stays
 * in the JWKS until every token it signed has expired (window end + the issuer's longest token
 * lifetime + IAM's five-minute skew), then it is deleted by the next rotation.
 *
 * Each key has one algorithm (its JWK carries `alg`), a random 160-bit kid, and is RSA 2048
 * (RS256) or P-384 (ES384): HMAC and `none` are never produced.
 */
import { type JsonWebKey, type KeyObject, createPrivateKey, generateKeyPair } from 'node:crypto';
import { slot, type Services } from '../../core/services.js';
import { ConflictError } from '../../store/types.js';
import { type IssuerAlg, type IssuerPurpose, MAX_LIFETIME } from './issuers.js';

/** The store kind of issuer keys. */
export const ISSUER_KEY_KIND = 'issuer-key';
const SKEW_SECONDS = 300;
const DEFAULT_ROTATION_SECONDS = 86_400;

export interface IssuerKeyData {
  readonly kid: string;
  readonly alg: IssuerAlg;
  /** Epoch seconds: the key signs from signFrom (inclusive) to signUntil (exclusive). */
  readonly signFrom: number;
  readonly signUntil: number;
  /** Epoch seconds: published in the JWKS until then. */
  readonly publishUntil: number;
  /** The public key as a JWK (kty and its members only). */
  readonly publicJwk: JsonWebKey;
  /** PKCS#8 PEM of the private key, sealed. */
  readonly sealedPrivate: string;
}

export interface SigningKey {
  readonly kid: string;
  readonly alg: IssuerAlg;
  readonly key: KeyObject;
  readonly signUntil: number;
}

const sealLabel = (account: string, purpose: IssuerPurpose, kid: string): string => `rolegate/issuer-key/v1/${account}/${purpose}/${kid}`;
const keyOf = (purpose: IssuerPurpose, alg: IssuerAlg, windowStart: number): string => `${purpose}/${alg}/${String(windowStart).padStart(12, '0')}`;

function newKeyPair(alg: IssuerAlg): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => (err ? reject(err) : resolve({ publicKey, privateKey }));
    if (alg === 'RS256') generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, done);
    else generateKeyPair('ec', { namedCurve: 'P-384' }, done);
  });
}

/** Per server: unsealed private keys by kid, and the current key per issuer and algorithm. */
class Keyring {
  readonly #services: Services;
  readonly #private = new Map<string, KeyObject>();
  readonly #current = new Map<string, SigningKey>();
  /** Next windows' keys known to exist (pre-published). */
  readonly #prepared = new Set<string>();
  /** Keys being read or created, by window. */
  readonly #pending = new Map<string, Promise<IssuerKeyData>>();

  constructor(services: Services) {
    this.#services = services;
  }

  /**
   * The key that signs now for this account's issuer and algorithm, created when its window has
   * none. In the last quarter of a window the next window's key is created too, so it is in the
   * JWKS before it signs: verifiers that cache the JWKS (up to the documents' max-age, or longer)
   * already hold it when the rotation comes.
   */
  async signingKey(account: string, purpose: IssuerPurpose, alg: IssuerAlg, nowSeconds: number): Promise<SigningKey> {
    const rotation = this.#services.config.issuerKeyRotationSeconds ?? DEFAULT_ROTATION_SECONDS;
    const windowStart = Math.floor(nowSeconds / rotation) * rotation;
    const id = `${account}/${keyOf(purpose, alg, windowStart)}`;
    let signing = this.#current.get(id);
    if (signing === undefined || nowSeconds >= signing.signUntil) {
      const item = await this.#ensure(account, purpose, alg, windowStart, rotation, nowSeconds);
      signing = { kid: item.kid, alg: item.alg, key: this.#open(account, purpose, item), signUntil: item.signUntil };
      if (this.#current.size > 10_000) this.#current.clear();
      this.#current.set(id, signing);
    }
    const next = windowStart + rotation;
    const nextId = `${account}/${keyOf(purpose, alg, next)}`;
    if (nowSeconds >= next - rotation / 4 && !this.#prepared.has(nextId)) {
      await this.#ensure(account, purpose, alg, next, rotation, nowSeconds);
      if (this.#prepared.size > 10_000) this.#prepared.clear();
      this.#prepared.add(nextId);
    }
    return signing;
  }

  /**
   * The key of the window starting at `windowStart`: read, else generated and created (once across
   * nodes by the store's create-if-absent; once per node by sharing the pending promise, so a burst
   * of first calls costs one key generation, not one each).
   */
  #ensure(account: string, purpose: IssuerPurpose, alg: IssuerAlg, windowStart: number, rotation: number, nowSeconds: number): Promise<IssuerKeyData> {
    const id = `${account}/${keyOf(purpose, alg, windowStart)}`;
    let p = this.#pending.get(id);
    if (p === undefined) {
      p = this.#load(account, purpose, alg, windowStart, rotation, nowSeconds).finally(() => this.#pending.delete(id));
      this.#pending.set(id, p);
    }
    return p;
  }

  async #load(account: string, purpose: IssuerPurpose, alg: IssuerAlg, windowStart: number, rotation: number, nowSeconds: number): Promise<IssuerKeyData> {
    const { store } = this.#services;
    const key = keyOf(purpose, alg, windowStart);
    const found = await store.read((tx) => tx.get<IssuerKeyData>(account, ISSUER_KEY_KIND, key));
    if (found !== undefined) return found.data;
    // Generated outside the transaction (which may be retried and must have no side effects).
    const pair = await newKeyPair(alg);
    const kid = Buffer.from(this.#services.random(20)).toString('base64url');
    const signUntil = windowStart + rotation;
    const data: IssuerKeyData = {
      kid,
      alg,
      signFrom: windowStart,
      signUntil,
      publishUntil: signUntil + MAX_LIFETIME[purpose] + SKEW_SECONDS,
      publicJwk: pair.publicKey.export({ format: 'jwk' }),
      sealedPrivate: this.#services.sealer.seal(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, sealLabel(account, purpose, kid)),
    };
    const stored = await store.write(async (tx) => {
      const existing = await tx.get<IssuerKeyData>(account, ISSUER_KEY_KIND, key);
      if (existing !== undefined) return existing;
      // Keys whose every token has expired leave the JWKS for good.
      for (const old of await tx.list<IssuerKeyData>(account, ISSUER_KEY_KIND, { prefix: `${purpose}/${alg}/`, limit: 1000 })) {
        if (old.data.publishUntil <= nowSeconds) await tx.delete(account, ISSUER_KEY_KIND, old.key, old.version);
      }
      try {
        return await tx.put<IssuerKeyData>({ account, kind: ISSUER_KEY_KIND, key, data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) return undefined;
        throw e;
      }
    });
    // Another node created this window's key first: use its key.
    const item = stored ?? (await store.read((tx) => tx.get<IssuerKeyData>(account, ISSUER_KEY_KIND, key)));
    if (item === undefined) throw new Error('issuer key vanished after its creation');
    return item.data;
  }

  /** The public keys of an issuer that a token may still carry: its JWKS. */
  async publicKeys(account: string, purpose: IssuerPurpose, nowSeconds: number): Promise<JsonWebKey[]> {
    const items = await this.#services.store.read((tx) => tx.list<IssuerKeyData>(account, ISSUER_KEY_KIND, { prefix: `${purpose}/`, limit: 1000 }));
    return items
      .filter((i) => i.data.publishUntil > nowSeconds)
      .map((i) => ({ ...i.data.publicJwk, kid: i.data.kid, alg: i.data.alg, use: 'sig' }));
  }

  #open(account: string, purpose: IssuerPurpose, data: IssuerKeyData): KeyObject {
    let k = this.#private.get(data.kid);
    if (k === undefined) {
      k = createPrivateKey(this.#services.sealer.open(data.sealedPrivate, sealLabel(account, purpose, data.kid)));
      if (this.#private.size > 10_000) this.#private.clear();
      this.#private.set(data.kid, k);
    }
    return k;
  }
}

export const ISSUER_KEYS = slot('federation/issuer-keys', (services) => new Keyring(services));
