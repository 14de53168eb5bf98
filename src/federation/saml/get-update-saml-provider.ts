/**
 * iam:GetSAMLProvider, iam:UpdateSAMLProvider
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html
 * Get answers AssertionEncryptionMode "Allowed" and an empty PrivateKeyList when none was set
 * (as recorded against AWS). Update replaces the metadata (re-read: new certificates take effect
 * at once) and adds or removes a private key.
 */
import { action } from '../../core/action.js';
import type { SamlProviderData } from '../../iam/model.js';
import { KIND } from '../../iam/model.js';
import { parseMetadata } from './metadata.js';
import { addPrivateKey, checkEncryption, privateKeyList, removePrivateKey } from './private-keys.js';
import { encryptionMode, getProvider, metadataDocument, privateKey, privateKeyId, providerArn, sortedTags } from './provider-common.js';

export const getSamlProvider = action({
  service: 'iam',
  name: 'GetSAMLProvider',
  params: { SAMLProviderArn: { ...providerArn, required: true } },
  resource: (input) => input.SAMLProviderArn,
  handler: async (ctx, input) => {
    const { data: d } = await ctx.store.read((tx) => getProvider(tx, ctx.caller.account, input.SAMLProviderArn));
    return {
      SAMLProviderUUID: d.uuid,
      SAMLMetadataDocument: d.metadata,
      CreateDate: new Date(d.createdAt),
      ValidUntil: new Date(d.validUntil),
      Tags: sortedTags(d.tags),
      AssertionEncryptionMode: d.assertionEncryptionMode ?? 'Allowed',
      PrivateKeyList: privateKeyList(d.privateKeys),
    };
  },
});

export const updateSamlProvider = action({
  service: 'iam',
  name: 'UpdateSAMLProvider',
  params: {
    SAMLMetadataDocument: metadataDocument,
    SAMLProviderArn: { ...providerArn, required: true },
    AssertionEncryptionMode: encryptionMode,
    AddPrivateKey: privateKey,
    RemovePrivateKey: privateKeyId,
  },
  resource: (input) => input.SAMLProviderArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const md = input.SAMLMetadataDocument === undefined ? undefined : parseMetadata(input.SAMLMetadataDocument);
    await ctx.store.write(async (tx) => {
      const item = await getProvider(tx, account, input.SAMLProviderArn);
      let keys = item.data.privateKeys;
      if (input.RemovePrivateKey !== undefined) keys = removePrivateKey(keys, input.RemovePrivateKey);
      if (input.AddPrivateKey !== undefined) keys = addPrivateKey(keys, input.AddPrivateKey, ctx.services, ctx.now);
      const mode = input.AssertionEncryptionMode ?? item.data.assertionEncryptionMode;
      checkEncryption(mode, keys);
      const data: SamlProviderData = {
        ...item.data,
        ...(md === undefined || input.SAMLMetadataDocument === undefined
          ? {}
          : { metadata: input.SAMLMetadataDocument, entityId: md.entityId, signingCerts: md.signingCerts, ...(md.validUntil === undefined ? {} : { validUntil: md.validUntil.toISOString() }) }),
        ...(mode === undefined ? {} : { assertionEncryptionMode: mode }),
        privateKeys: keys,
      };
      await tx.put<SamlProviderData>({ account, kind: KIND.samlProvider, key: item.key, id: data.uuid, data }, item.version);
    });
    return { SAMLProviderArn: input.SAMLProviderArn };
  },
});
