/**
 * What the SAML provider actions share: parameter shapes (botocore iam/2010-05-08:
 * SAMLProviderNameType, SAMLMetadataDocumentType, arnType, assertionEncryptionModeType,
 * privateKeyType, privateKeyIdType), the ARN `arn:aws:iam::ACCOUNT:saml-provider/NAME`, lookups
 * with AWS's NoSuchEntity wording ("Manifest not found for arn …", recorded against AWS in
 * LocalStack's tests/aws/services/iam/test_iam_saml_providers.snapshot.json).
 */
import type { Pattern, Spec } from '../../core/input.js';
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, type SamlProviderData, nameKey } from '../../iam/model.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });

export const providerName = { type: 'string', min: 1, max: 128, pattern: p(/^[\w._-]+$/, '[\\w._-]+') } as const satisfies Spec;
export const metadataDocument = { type: 'string', min: 1000, max: 10_000_000 } as const satisfies Spec;
export const providerArn = { type: 'string', min: 20, max: 2048 } as const satisfies Spec;
export const encryptionMode = { type: 'string', enum: ['Required', 'Allowed'] } as const satisfies Spec;
/** privateKeyType is sensitive in the model: never quoted back. */
export const privateKey = { type: 'string', min: 1, max: 16384, pattern: p(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+'), sensitive: true } as const satisfies Spec;
export const privateKeyId = { type: 'string', min: 22, max: 64, pattern: p(/^[A-Z0-9]+$/, '[A-Z0-9]+') } as const satisfies Spec;

export const samlProviderArn = (account: string, name: string): string => `arn:aws:iam::${account}:saml-provider/${name}`;

const ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w._-]{1,128})$/;

/** The account and name an ARN names, or undefined when it is no SAML provider ARN. */
export function parseProviderArn(arn: string): { readonly account: string; readonly name: string } | undefined {
  const m = ARN.exec(arn);
  return m ? { account: m[1]!, name: m[2]! } : undefined;
}

const notFound = (arn: string): Error => NoSuchEntity(`Manifest not found for arn ${arn}`);

/** The provider `arn` names in `account` (the caller's), or NoSuchEntity / InvalidInput. */
export async function getProvider(tx: ReadTx, account: string, arn: string): Promise<Item<SamlProviderData>> {
  const parsed = parseProviderArn(arn);
  if (parsed === undefined) throw InvalidInput(`ARN ${arn} is not valid.`);
  if (parsed.account !== account) throw notFound(arn);
  const item = await tx.get<SamlProviderData>(account, KIND.samlProvider, nameKey(parsed.name));
  if (item === undefined || item.data.arn !== arn) throw notFound(arn);
  return item;
}

/** Tags as AWS returns them from Create/Get: "sorted by tag key". */
export function sortedTags(tags: readonly { Key: string; Value: string }[]): { Key: string; Value: string }[] {
  return [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)).map((t) => ({ Key: t.Key, Value: t.Value }));
}
