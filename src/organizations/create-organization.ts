/**
 * organizations:CreateOrganization — the caller's account becomes the management account of a
 * new organization (FeatureSet ALL unless CONSOLIDATED_BILLING is asked for). The management
 * account is itself an account of the organization (JoinedMethod INVITED).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganization.html
 * Authorization: no resource type, so `*` (Service Authorization Reference, AWS Organizations).
 */
import { type AccountData, KIND, iso } from '../iam/model.js';
import { action } from '../core/action.js';
import { GLOBAL } from '../core/accounts.js';
import { ConflictError } from '../store/types.js';
import { AlreadyInOrganization } from './errors.js';
import {
  type EmailData,
  type MembershipData,
  ORGANIZATION_KEY,
  ORG_KIND,
  type OrgAccountData,
  type OrganizationData,
  emailKey,
  organizationArn,
} from './model.js';
import { newOrganizationId, newRootId } from './ids.js';
import { organizationOutput } from './present.js';
import { placeChild } from './tree.js';
import { featureSet } from './shapes.js';

export const createOrganization = action({
  service: 'organizations',
  name: 'CreateOrganization',
  params: { FeatureSet: featureSet },
  resource: () => '*',
  handler: async (ctx, input) => {
    const mgmt = ctx.caller.account;
    const now = iso(ctx.now);
    const org = await ctx.store.write(async (tx) => {
      if ((await tx.get(GLOBAL, ORG_KIND.membership, mgmt)) !== undefined) throw AlreadyInOrganization();
      const account = (await tx.get<AccountData>(GLOBAL, KIND.account, mgmt))?.data;
      const id = newOrganizationId(ctx.services.random);
      const data: OrganizationData = {
        id,
        arn: organizationArn(mgmt, id),
        featureSet: input.FeatureSet ?? 'ALL',
        managementAccountId: mgmt,
        managementAccountEmail: account?.email ?? `${mgmt}@rolegate.local`,
        rootId: newRootId(ctx.services.random),
        createdAt: now,
      };
      try {
        await tx.put<OrganizationData>({ account: mgmt, kind: ORG_KIND.organization, key: ORGANIZATION_KEY, id, data }, 0);
        await tx.put<MembershipData>({ account: GLOBAL, kind: ORG_KIND.membership, key: mgmt, data: { organizationId: id, managementAccountId: mgmt } }, 0);
      } catch (e) {
        // A concurrent CreateOrganization from the same account won the race.
        if (e instanceof ConflictError) throw AlreadyInOrganization();
        throw e;
      }
      const member: OrgAccountData = {
        id: mgmt,
        name: account?.name ?? mgmt,
        email: data.managementAccountEmail,
        status: 'ACTIVE',
        joinedMethod: 'INVITED',
        joinedAt: now,
        tags: [],
      };
      await tx.put<OrgAccountData>({ account: mgmt, kind: ORG_KIND.account, key: mgmt, data: member });
      await placeChild(tx, data, data.rootId, 'ACCOUNT', mgmt);
      // The management account's email is taken, so CreateAccount cannot reuse it.
      const key = emailKey(data.managementAccountEmail);
      if ((await tx.get(GLOBAL, ORG_KIND.email, key)) === undefined) {
        await tx.put<EmailData>({ account: GLOBAL, kind: ORG_KIND.email, key, data: { accountId: mgmt } }, 0);
      }
      return data;
    });
    return { Organization: organizationOutput(org) };
  },
});
