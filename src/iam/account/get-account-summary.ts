/**
 * iam:GetAccountSummary — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 * Entity counts of the caller's account (store counts) and its quotas, under AWS's SummaryMap
 * keys (botocore summaryKeyType plus those AWS returns beyond it: InstanceProfiles, Roles,
 * Providers, AccountPasswordPresent, AssumeRolePolicySizeQuota, RolePolicySizeQuota… — LocalStack
 * test_iam_account_summary.snapshot.json, recorded against AWS). The action takes no resource:
 * only Resource "*" grants it.
 */
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { KIND, type MfaDeviceData } from '../model.js';
import { summaryQuotas } from './quotas.js';

const ALL = 10_000;

async function mfaCounts(tx: ReadTx, account: string): Promise<{ devices: number; inUse: number }> {
  const all = await tx.list<MfaDeviceData>(account, KIND.mfaDevice, { limit: ALL });
  return { devices: all.length, inUse: all.filter((d) => d.data.userName !== undefined).length };
}

export const getAccountSummary = action({
  service: 'iam',
  name: 'GetAccountSummary',
  params: {},
  resource: () => '*',
  handler: (ctx) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const count = (kind: string): Promise<number> => tx.count(account, kind);
      const mfa = await mfaCounts(tx, account);
      const counts: [string, number][] = [
        ['Users', await count(KIND.user)],
        ['Groups', await count(KIND.group)],
        ['Roles', await count(KIND.role)],
        ['Policies', await count(KIND.policy)],
        ['InstanceProfiles', await count(KIND.instanceProfile)],
        ['Providers', (await count(KIND.oidcProvider)) + (await count(KIND.samlProvider))],
        ['ServerCertificates', await count(KIND.serverCertificate)],
        ['MFADevices', mfa.devices],
        ['MFADevicesInUse', mfa.inUse],
        // Every managed policy attachment keeps one policy version in use.
        ['PolicyVersionsInUse', await count(KIND.attachment)],
        // The root user here has no password, access keys, signing certificates or MFA device.
        ['AccountMFAEnabled', 0],
        ['AccountAccessKeysPresent', 0],
        ['AccountSigningCertificatesPresent', 0],
        ['AccountPasswordPresent', 0],
        ['GlobalEndpointTokenVersion', 1],
      ];
      return { SummaryMap: new Map<string, number>([...counts, ...summaryQuotas(ctx.services.config.quotas)]) };
    }),
});
