/**
 * What the server certificate actions share: the stored certificate (keyed by the lower-cased
 * name, id ASCA…), its ARN (arn:aws:iam::ACCOUNT:server-certificate/PATH/NAME, the Service
 * Authorization Reference's resource type "server-certificate"), AWS's NoSuchEntity wording and the
 * ServerCertificateMetadata shape.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ServerCertificateMetadata.html
 */
import type { ActionContext } from '../../core/action.js';
import { NoSuchEntity } from '../../core/errors.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, nameKey } from '../model.js';
import type { Tag } from '../shapes.js';

export interface ServerCertificateData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly body: string;
  readonly chain?: string;
  /** The private key (PEM), sealed under the master key: never returned, logged or audited. */
  readonly sealedKey: string;
  readonly uploadedAt: string;
  /** The certificate's Not After. */
  readonly expiration: string;
  readonly tags: readonly Tag[];
}

export const serverCertificateArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:server-certificate${path}${name}`;

export const noSuchServerCertificate = (name: string): Error => NoSuchEntity(`The Server Certificate with name ${name} cannot be found.`);

export async function findServerCertificate(tx: ReadTx, account: string, name: string): Promise<Item<ServerCertificateData> | undefined> {
  return tx.get<ServerCertificateData>(account, KIND.serverCertificate, nameKey(name));
}

export async function getServerCertificateItem(tx: ReadTx, account: string, name: string): Promise<Item<ServerCertificateData>> {
  const item = await findServerCertificate(tx, account, name);
  if (item === undefined) throw noSuchServerCertificate(name);
  return item;
}

/** The ARN a call on certificate `name` is authorized against (path `/` when there is none). */
export async function serverCertificateResource(ctx: ActionContext, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.store.read((tx) => findServerCertificate(tx, account, name));
  return item?.data.arn ?? serverCertificateArn(account, '/', name);
}

export function serverCertificateMetadata(c: ServerCertificateData): {
  Path: string;
  ServerCertificateName: string;
  ServerCertificateId: string;
  Arn: string;
  UploadDate: Date;
  Expiration: Date;
} {
  return { Path: c.path, ServerCertificateName: c.name, ServerCertificateId: c.id, Arn: c.arn, UploadDate: new Date(c.uploadedAt), Expiration: new Date(c.expiration) };
}
