/**
 * An Identity Center instance for tests that need one before they test their own actions: written
 * with the store API, as sso-admin CreateInstance stores it (src/identitycenter/model.ts).
 */
import { randomBytes } from 'node:crypto';
import { INSTANCE_KEY, INSTANCE_KIND, type InstanceData, instanceArnOf } from '../../src/identitycenter/model.js';
import type { TestServer } from './server.js';

export async function putInstance(t: TestServer, account = t.account): Promise<InstanceData> {
  const instanceId = `ssoins-${randomBytes(8).toString('hex')}`;
  const data: InstanceData = {
    instanceId,
    instanceArn: instanceArnOf(instanceId),
    identityStoreId: `d-${randomBytes(5).toString('hex')}`,
    ownerAccountId: account,
    createdDate: new Date().toISOString(),
    status: 'ACTIVE',
    tags: [],
  };
  await t.server.store.write((tx) => tx.put({ account, kind: INSTANCE_KIND, key: INSTANCE_KEY, data }, 0));
  return data;
}
