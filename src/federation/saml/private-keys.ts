/**
 * AssertionEncryptionMode and the private keys IAM keeps to decrypt encrypted assertions
 * (API_CreateSAMLProvider: "The private key generated from your external identity provider. The
 * private key must be a .pem file"; at most two per provider). Keys are checked to be PEM private
 * keys and kept sealed under the master key; they are never returned. Rolegate stores them but
 * does not decrypt assertions yet: an EncryptedAssertion is refused (signature.ts).
 */
import { createPrivateKey } from 'node:crypto';
import { InvalidInput, LimitExceeded } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import type { SamlProviderData } from '../../iam/model.js';

const SEAL_LABEL = 'rolegate/saml-provider-private-key/v1';
const MAX_KEYS = 2;
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

type Keys = SamlProviderData['privateKeys'];

export function addPrivateKey(keys: Keys, pemText: string, services: Services, now: Date): Keys {
  try {
    createPrivateKey({ key: pemText, format: 'pem' });
  } catch {
    throw InvalidInput('The private key is not a valid PEM private key.');
  }
  if (keys.length >= MAX_KEYS) throw LimitExceeded(`Cannot exceed quota for PrivateKeysPerSAMLProvider: ${MAX_KEYS}`);
  const bytes = services.random(26);
  const keyId = Array.from(bytes, (b) => KEY_ID_ALPHABET[b % KEY_ID_ALPHABET.length]).join('');
  return [...keys, { keyId, createdAt: now.toISOString(), sealed: services.sealer.seal(pemText, SEAL_LABEL) }];
}

export function removePrivateKey(keys: Keys, keyId: string): Keys {
  const rest = keys.filter((k) => k.keyId !== keyId);
  if (rest.length === keys.length) throw InvalidInput(`The private key ${keyId} does not exist on this SAML provider.`);
  return rest;
}

/** AWS: a provider that requires encrypted assertions needs a private key to decrypt them. */
export function checkEncryption(mode: SamlProviderData['assertionEncryptionMode'], keys: Keys): void {
  if (mode === 'Required' && keys.length === 0) throw InvalidInput('AssertionEncryptionMode Required needs a private key.');
}

export function privateKeyList(keys: Keys): { KeyId: string; Timestamp: Date }[] {
  return keys.map((k) => ({ KeyId: k.keyId, Timestamp: new Date(k.createdAt) }));
}
