/**
 * iam:UpdateServerCertificate — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServerCertificate.html
 * A new name and/or path; the id, the certificate and the sealed key stay. A name another
 * certificate holds is EntityAlreadyExists. AWS checks the source and the target: the pipeline
 * authorizes the old name, the write the new name and path (../rename-target.ts), with the current
 * path read in the same transaction.
 */
import { action } from '../../core/action.js';
import { KIND, nameKey } from '../model.js';
import { authorizeRenameTarget } from '../rename-target.js';
import { path } from '../shapes.js';
import { serverCertificateName } from '../users/credential-shapes.js';
import { rekey } from '../users/relations.js';
import { type ServerCertificateData, getServerCertificateItem, serverCertificateArn, serverCertificateResource } from './common.js';
import { alreadyExists } from './upload-server-certificate.js';

export const updateServerCertificate = action({
  service: 'iam',
  name: 'UpdateServerCertificate',
  params: { ServerCertificateName: { ...serverCertificateName, required: true }, NewPath: path, NewServerCertificateName: serverCertificateName },
  // The source; the handler authorizes the target (authorizeRenameTarget).
  resource: (input, _caller, ctx) => serverCertificateResource(ctx, input.ServerCertificateName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const old = await getServerCertificateItem(tx, account, input.ServerCertificateName);
      const name = input.NewServerCertificateName ?? old.data.name;
      const p = input.NewPath ?? old.data.path;
      if (name === old.data.name && p === old.data.path) return;
      const arn = serverCertificateArn(account, p, name);
      authorizeRenameTarget(ctx, 'iam:UpdateServerCertificate', arn);
      const key = nameKey(name);
      if (key !== old.key && (await tx.get(account, KIND.serverCertificate, key)) !== undefined) throw alreadyExists(name);
      await rekey<ServerCertificateData>(tx, old, key, { ...old.data, name, path: p, arn });
    });
    return undefined;
  },
});
