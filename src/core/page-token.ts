/**
 * The page marker of a list answered from the store: the last key returned, base64url — opaque to
 * the caller, checked when it comes back (it must decode to a key under the list's prefix and
 * re-encode to itself), so a token cannot move a list outside what it lists.
 */
import { ValidationError } from './errors.js';

export function pageToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** The key a token names, under `prefix`; ValidationException "Invalid nextToken." otherwise. */
export function pageAfter(token: string | undefined, prefix: string): string | undefined {
  if (token === undefined) return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (!key.startsWith(prefix) || pageToken(key) !== token) throw ValidationError('Invalid nextToken.');
  return key;
}
