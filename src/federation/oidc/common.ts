/**
 * What the OIDC provider actions share: lookup with AWS's NoSuchEntity wording, the ARN a call is
 * authorized against (Service Authorization Reference, resource type "oidc-provider"), and the
 * checks on client ids and thumbprints with AWS's messages (LocalStack
 * tests/aws/services/iam/test_iam_oidc.snapshot.json, recorded against AWS).
 */
import { InvalidInput, LimitExceeded, NoSuchEntity, ValidationError } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, type OidcProviderData } from '../../iam/model.js';
import { parseProviderArn } from './provider-url.js';

/** IAM quotas (reference_iam-quotas.html). */
export const MAX_CLIENT_IDS = 100;
export const MAX_THUMBPRINTS = 5;
export const MAX_PROVIDERS = 100;

export const notFound = (arn: string): Error => NoSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

/** The provider an ARN names in the caller's account, or AWS's NoSuchEntity. */
export async function getProvider(tx: ReadTx, account: string, arn: string): Promise<Item<OidcProviderData>> {
  const parsed = parseProviderArn(arn);
  const item = parsed === undefined || parsed.account !== account ? undefined : await tx.get<OidcProviderData>(account, KIND.oidcProvider, parsed.name);
  if (item === undefined || item.data.arn !== arn) throw notFound(arn);
  return item;
}

/**
 * AWS validates the members of ClientIDList and ThumbprintList, and the URL, in its own words
 * (no value quoted): "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy
 * constraint: [Member must have length less than or equal to 40, Member must have length greater
 * than or equal to 40]". Members are listed alphabetically, as AWS does.
 */
export function checkLengths(fields: { readonly clientIDList?: readonly string[]; readonly thumbprintList?: readonly string[]; readonly url?: string }): void {
  const errors: string[] = [];
  const member = (name: string, values: readonly string[] | undefined, min: number, max: number): void => {
    if (values?.some((v) => v.length < min || v.length > max)) {
      errors.push(`Value at '${name}' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to ${max}, Member must have length greater than or equal to ${min}]`);
    }
  };
  member('clientIDList', fields.clientIDList, 1, 255);
  member('thumbprintList', fields.thumbprintList, 40, 40);
  if (fields.url !== undefined && fields.url.length > 255) errors.push("Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255");
  if (fields.url !== undefined && fields.url.length < 1) errors.push("Value at 'url' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (errors.length > 0) throw ValidationError(`${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
}

/** "Thumbprint list must contain fewer than 5 entries." (sic: AWS allows five). Thumbprints are SHA-1 hex. */
export function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > MAX_THUMBPRINTS) throw InvalidInput(`Thumbprint list must contain fewer than ${MAX_THUMBPRINTS} entries.`);
  for (const t of list) if (!/^[0-9a-fA-F]{40}$/.test(t)) throw InvalidInput('Thumbprint must be a 40-character hexadecimal SHA-1 fingerprint.');
  return [...new Set(list)];
}

export function checkClientIdCount(n: number): void {
  if (n > MAX_CLIENT_IDS) throw LimitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
}
