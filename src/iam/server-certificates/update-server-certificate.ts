/**
 * iam:UpdateServerCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServerCertificate.html
 * A new name and/or path; the id, the certificate and the sealed key stay. A name another
 * certificate holds is EntityAlreadyExists.
 */
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import { type ActionContext, action } from '../../core/action.js';
import { KIND, nameKey } from '../model.js';
import { path } from '../shapes.js';
import { serverCertificateName } from '../users/credential-shapes.js';
import { rekey } from '../users/relations.js';
import { type ServerCertificateData, findServerCertificate, getServerCertificateItem, serverCertificateArn, serverCertificateResource } from './common.js';
import { alreadyExists } from './upload-server-certificate.js';

/**
 * AWS: "the user must have permission on both the source object and the target object" (the
 * page above). The pipeline authorized the source (the old name); this authorizes the target,
 * the ARN the certificate will have (the new path and name, each defaulting to the current
 * one), before anything is read for the change — else a grant on one name renames to any other.
 */
async function authorizeTarget(ctx: ActionContext, name: string, newName: string | undefined, newPath: string | undefined): Promise<void> {
  const account = ctx.caller.account;
  const current = newPath === undefined ? (await ctx.store.read((tx) => findServerCertificate(tx, account, name)))?.data.path : undefined;
  const target = serverCertificateArn(account, newPath ?? current ?? '/', newName ?? name);
  // The target names no stored certificate yet, so it carries no aws:ResourceTag/…; the
  // certificate's own tags were checked on the source.
  authorizeRequest(ctx, 'iam:UpdateServerCertificate', target, callerContext(ctx), ctx.callerPolicies);
}

export const updateServerCertificate = action({
  service: 'iam',
  name: 'UpdateServerCertificate',
  params: { ServerCertificateName: { ...serverCertificateName, required: true }, NewPath: path, NewServerCertificateName: serverCertificateName },
  // The source; the handler authorizes the target (authorizeTarget).
  resource: (input, _caller, ctx) => serverCertificateResource(ctx, input.ServerCertificateName),
  handler: async (ctx, input) => {
    await authorizeTarget(ctx, input.ServerCertificateName, input.NewServerCertificateName, input.NewPath);
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const old = await getServerCertificateItem(tx, account, input.ServerCertificateName);
      const name = input.NewServerCertificateName ?? old.data.name;
      const p = input.NewPath ?? old.data.path;
      if (name === old.data.name && p === old.data.path) return;
      const key = nameKey(name);
      if (key !== old.key && (await tx.get(account, KIND.serverCertificate, key)) !== undefined) throw alreadyExists(name);
      await rekey<ServerCertificateData>(tx, old, key, { ...old.data, name, path: p, arn: serverCertificateArn(account, p, name) });
    });
    return undefined;
  },
});
