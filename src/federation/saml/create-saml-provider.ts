/**
 * iam:CreateSAMLProvider — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
 * The metadata document is parsed now (entityID, signing certificates, validUntil); a document
 * IAM cannot read is InvalidInput "Could not parse metadata". Without a validUntil in the
 * metadata the provider is valid for 100 years from its creation.
 */
import { EntityAlreadyExists, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type SamlProviderData, iso, nameKey } from '../../iam/model.js';
import { type Tag, tags } from '../../iam/shapes.js';
import { checkDuplicateTags, requestTagContext } from '../../iam/tags.js';
import { parseMetadata } from './metadata.js';
import { addPrivateKey, checkEncryption } from './private-keys.js';
import { encryptionMode, metadataDocument, privateKey, providerName, samlProviderArn, sortedTags } from './provider-common.js';

/** IAM quotas: "SAML providers in an AWS account: 100" (reference_iam-quotas.html). */
const PROVIDERS_PER_ACCOUNT = 100;
const DEFAULT_VALIDITY_YEARS = 100;

export const createSamlProvider = action({
  service: 'iam',
  name: 'CreateSAMLProvider',
  params: {
    SAMLMetadataDocument: { ...metadataDocument, required: true },
    Name: { ...providerName, required: true },
    Tags: tags,
    AssertionEncryptionMode: encryptionMode,
    AddPrivateKey: privateKey,
  },
  resource: (input, caller) => samlProviderArn(caller.account, input.Name),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const md = parseMetadata(input.SAMLMetadataDocument);
    const keys = input.AddPrivateKey === undefined ? [] : addPrivateKey([], input.AddPrivateKey, ctx.services, ctx.now);
    checkEncryption(input.AssertionEncryptionMode, keys);
    const validUntil = md.validUntil ?? new Date(Date.UTC(ctx.now.getUTCFullYear() + DEFAULT_VALIDITY_YEARS, ctx.now.getUTCMonth(), ctx.now.getUTCDate(), ctx.now.getUTCHours(), ctx.now.getUTCMinutes(), ctx.now.getUTCSeconds()));
    const data: SamlProviderData = {
      name: input.Name,
      arn: samlProviderArn(account, input.Name),
      uuid: uuid(ctx.services.random(16)),
      createdAt: iso(ctx.now),
      validUntil: iso(validUntil),
      metadata: input.SAMLMetadataDocument,
      entityId: md.entityId,
      signingCerts: md.signingCerts,
      ...(input.AssertionEncryptionMode === undefined ? {} : { assertionEncryptionMode: input.AssertionEncryptionMode }),
      privateKeys: keys,
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    const exists = (): Error => EntityAlreadyExists(`SAMLProvider with name ${input.Name} already exists.`);
    await ctx.store.write(async (tx) => {
      if (await tx.get(account, KIND.samlProvider, nameKey(data.name))) throw exists();
      if ((await tx.count(account, KIND.samlProvider)) >= PROVIDERS_PER_ACCOUNT) {
        throw LimitExceeded(`Cannot exceed quota for SAMLProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`);
      }
      try {
        await tx.put<SamlProviderData>({ account, kind: KIND.samlProvider, key: nameKey(data.name), id: data.uuid, data }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw exists();
        throw e;
      }
    });
    return { SAMLProviderArn: data.arn, Tags: data.tags.length === 0 ? undefined : sortedTags(data.tags) };
  },
});

/** A version-4 UUID from 16 random bytes (RFC 9562 §5.4). */
function uuid(b: Uint8Array): string {
  const x = Buffer.from(b);
  x[6] = (x[6]! & 0x0f) | 0x40;
  x[8] = (x[8]! & 0x3f) | 0x80;
  const h = x.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
