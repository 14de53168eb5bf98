/**
 * NextToken/MaxResults over a list read whole (OUs of a parent, policies: bounded by AWS's quotas).
 * The token is the last id returned, base64url-encoded; AWS's default page size is 20.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html
 */
import { InvalidInput } from './errors.js';

const DEFAULT_PAGE = 20;

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

/** `all` must be sorted by `keyOf`. */
export function paginate<T>(all: readonly T[], keyOf: (t: T) => string, token: string | undefined, max: number | undefined): Page<T> {
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    if (after.length === 0) throw InvalidInput('INVALID_NEXT_TOKEN', 'The specified NextToken is not valid.');
    while (start < all.length && keyOf(all[start]!) <= after) start++;
  }
  const limit = max ?? DEFAULT_PAGE;
  const items = all.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + limit < all.length && last !== undefined;
  return { items, nextToken: more ? Buffer.from(keyOf(last), 'utf8').toString('base64url') : undefined };
}
