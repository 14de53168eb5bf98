/**
 * iam:UpdateRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
 * iam:UpdateRoleDescription — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRoleDescription.html
 * Members left out keep their values (recorded against AWS: UpdateRole without parameters
 * changes nothing). UpdateRoleDescription answers the role, with its Description.
 */
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { KIND, type RoleData } from '../model.js';
import { roleName } from '../shapes.js';
import { getRole, roleResource, roleWritten } from './common.js';
import { description, maxSessionDuration } from './shapes.js';
import { deniedRole } from '../denied-as.js';

async function update(tx: WriteTx, account: string, name: string, change: { description?: string; maxSessionDuration?: number }): Promise<RoleData> {
  const role = await getRole(tx, account, name);
  const data: { -readonly [K in keyof RoleData]: RoleData[K] } = { ...role.data };
  if (change.description !== undefined) {
    if (change.description === '') delete data.description;
    else data.description = change.description;
  }
  if (change.maxSessionDuration !== undefined) data.maxSessionDuration = change.maxSessionDuration;
  await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
  return data;
}

export const updateRole = action({
  service: 'iam',
  name: 'UpdateRole',
  params: { RoleName: { ...roleName, required: true }, Description: description, MaxSessionDuration: maxSessionDuration },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    await ctx.store.write((tx) =>
      update(tx, ctx.caller.account, input.RoleName, {
        ...(input.Description === undefined ? {} : { description: input.Description }),
        ...(input.MaxSessionDuration === undefined ? {} : { maxSessionDuration: input.MaxSessionDuration }),
      }),
    );
    return {};
  },
});

export const updateRoleDescription = action({
  service: 'iam',
  name: 'UpdateRoleDescription',
  params: { RoleName: { ...roleName, required: true }, Description: { ...description, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const data = await update(tx, ctx.caller.account, input.RoleName, { description: input.Description });
      return { Role: await roleWritten(tx, data, true) };
    }),
});
