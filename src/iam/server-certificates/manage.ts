/**
 * iam:GetServerCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServerCertificate.html
 * iam:ListServerCertificates — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html
 * iam:DeleteServerCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServerCertificate.html
 * Get returns the certificate and chain as uploaded, never the private key.
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { paging, pathPrefix } from '../shapes.js';
import { serverCertificateName } from '../users/credential-shapes.js';
import { listPage } from '../users/paging.js';
import { type ServerCertificateData, getServerCertificateItem, serverCertificateMetadata, serverCertificateResource } from './common.js';

export const getServerCertificate = action({
  service: 'iam',
  name: 'GetServerCertificate',
  params: { ServerCertificateName: { ...serverCertificateName, required: true } },
  resource: (input, _caller, ctx) => serverCertificateResource(ctx, input.ServerCertificateName),
  handler: async (ctx, input) => {
    const c = (await ctx.store.read((tx) => getServerCertificateItem(tx, ctx.caller.account, input.ServerCertificateName))).data;
    return {
      ServerCertificate: {
        ServerCertificateMetadata: serverCertificateMetadata(c),
        CertificateBody: c.body,
        CertificateChain: c.chain,
        Tags: c.tags.length === 0 ? undefined : c.tags,
      },
    };
  },
});

export const listServerCertificates = action({
  service: 'iam',
  name: 'ListServerCertificates',
  params: { PathPrefix: pathPrefix, ...paging },
  // The reference names no resource type for ListServerCertificates: it is authorized on "*".
  resource: () => '*',
  handler: async (ctx, input) => {
    const prefix = input.PathPrefix ?? '/';
    const page = await ctx.store.read((tx) =>
      listPage<ServerCertificateData>(tx, ctx.caller.account, KIND.serverCertificate, { ...input, filter: (c) => c.data.path.startsWith(prefix) }),
    );
    return { ServerCertificateMetadataList: page.items.map((c) => serverCertificateMetadata(c.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});

export const deleteServerCertificate = action({
  service: 'iam',
  name: 'DeleteServerCertificate',
  params: { ServerCertificateName: { ...serverCertificateName, required: true } },
  resource: (input, _caller, ctx) => serverCertificateResource(ctx, input.ServerCertificateName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const c = await getServerCertificateItem(tx, account, input.ServerCertificateName);
      await tx.delete(account, KIND.serverCertificate, c.key, c.version);
    });
    return undefined;
  },
});
