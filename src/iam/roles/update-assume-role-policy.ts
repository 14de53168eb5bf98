/**
 * iam:UpdateAssumeRolePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 * The new trust policy replaces the old one and its principals are bound afresh (trust-policy.ts):
 * re-saving a policy whose principal was deleted fails, as AWS's does, until it is fixed.
 */
import { action } from '../../core/action.js';
import { KIND, type RoleData } from '../model.js';
import { policyDocument, roleName } from '../shapes.js';
import { getModifiableRole, roleResource } from './common.js';
import { bindTrustPrincipals, checkTrustDocument } from './trust-policy.js';
import { deniedRole } from '../denied-as.js';

export const updateAssumeRolePolicy = action({
  service: 'iam',
  name: 'UpdateAssumeRolePolicy',
  params: { RoleName: { ...roleName, required: true }, PolicyDocument: { ...policyDocument, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const role = await getModifiableRole(tx, account, input.RoleName);
      const doc = checkTrustDocument(input.PolicyDocument, ctx.services.config.quotas.roleTrustPolicySize);
      const bound = await bindTrustPrincipals(tx, account, doc);
      const data: { -readonly [K in keyof RoleData]: RoleData[K] } = { ...role.data, assumeRolePolicyDocument: input.PolicyDocument };
      if (Object.keys(bound).length === 0) delete data.trustPrincipals;
      else data.trustPrincipals = bound;
      await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
    });
    return undefined;
  },
});
