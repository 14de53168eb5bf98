/**
 * iam:GetRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
 * The trust policy as written (URL-encoded), with principals deleted since shown by unique id.
 */
import { action } from '../../core/action.js';
import { KIND, type UsageData, roleUsageKey } from '../model.js';
import { roleName } from '../shapes.js';
import { getRole, roleFull, roleResource } from './common.js';
import { deniedRole } from '../denied-as.js';

export const getRoleAction = action({
  service: 'iam',
  name: 'GetRole',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const role = await getRole(tx, ctx.caller.account, input.RoleName);
      const used = await tx.get<UsageData>(role.account, KIND.usage, roleUsageKey(role.data.id));
      return { Role: await roleFull(tx, role.data, used?.data) };
    }),
});
