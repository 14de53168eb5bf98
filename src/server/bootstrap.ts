/**
 * First start on an empty store: one account (ROLEGATE_ACCOUNT_ID or random), an IAM user `admin`
 * with AdministratorAccess, and an access key — the one given in the environment, else a new one
 * that is printed once and written to <data-dir>/admin-credentials (0600) as an AWS
 * shared-credentials file with profile `rolegate`.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newUniqueId } from '../credentials/ids.js';
import { KIND, type AccessKeyData, type AccountData, type UserData, iso, nameKey, userArn } from '../iam/model.js';
import type { Store } from '../store/types.js';
import { SEAL, type Services } from './services.js';

export const GLOBAL = '*';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface BootstrapResult {
  readonly account: string;
  /** Set only on the start that created the admin key (the secret is shown once). */
  readonly created?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly credentialsFile?: string };
}

export async function bootstrap(store: Store, services: Services): Promise<BootstrapResult> {
  const { config } = services;
  const now = iso(services.now());
  const result = await store.write(async (tx) => {
    const existing = await tx.list<AccountData>(GLOBAL, KIND.account, { limit: 1 });
    if (existing[0] !== undefined) return { account: existing[0].data.id };
    const account = config.accountId ?? newAccountId(services.random);
    const accessKeyId = config.adminAccessKeyId ?? newAccessKeyId('AKIA', account, services.random);
    const secretAccessKey = config.adminSecretAccessKey ?? newSecretAccessKey(services.random);
    await tx.put<AccountData>({ account: GLOBAL, kind: KIND.account, key: account, id: account, data: { id: account, name: 'rolegate', email: 'admin@rolegate.local', createdAt: now } }, 0);
    const user: UserData = { name: 'admin', path: '/', id: newUniqueId('AIDA', services.random), arn: userArn(account, '/', 'admin'), createdAt: now, tags: [] };
    await tx.put<UserData>({ account, kind: KIND.user, key: nameKey(user.name), id: user.id, data: user }, 0);
    await tx.put({ account, kind: KIND.attachment, key: `user/admin/${ADMIN_POLICY}`, data: { policyArn: ADMIN_POLICY, policyName: 'AdministratorAccess' } }, 0);
    await tx.put({ account, kind: KIND.policyEntity, key: `${ADMIN_POLICY}/user/admin`, data: { entityType: 'user', name: 'admin', id: user.id } }, 0);
    const key: AccessKeyData = {
      accessKeyId,
      userName: 'admin',
      status: 'Active',
      createdAt: now,
      sealedSecret: services.sealer.seal(secretAccessKey, SEAL.secretAccessKey),
    };
    await tx.put<AccessKeyData>({ account, kind: KIND.accessKey, key: `admin/${accessKeyId}`, id: accessKeyId, data: key }, 0);
    return { account, created: { accessKeyId, secretAccessKey } };
  });
  if (result.created === undefined || config.adminAccessKeyId !== undefined) return result;
  const credentialsFile = join(config.dataDir, 'admin-credentials');
  const fh = await open(credentialsFile, 'w', 0o600);
  try {
    await fh.writeFile(
      `[rolegate]\naws_access_key_id = ${result.created.accessKeyId}\naws_secret_access_key = ${result.created.secretAccessKey}\n`,
    );
    await fh.chmod(0o600);
  } finally {
    await fh.close();
  }
  return { ...result, created: { ...result.created, credentialsFile } };
}
