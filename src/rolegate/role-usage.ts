/**
 * Rolegate's "related resources" API (service prefix `rolegate`, AWS JSON 1.1, X-Amz-Target
 * RolegateV20261201.<Action>): a service that sits beside Rolegate declares the resources that
 * use a service-linked role, and withdraws them when they are gone. AWS's rule, which this
 * makes hold here: "Before you can delete service-linked roles you must first delete their
 * related resources" — DeleteServiceLinkedRole's task FAILS, naming them in RoleUsageList,
 * while any is declared (src/iam/service-linked/deletion.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 *
 * Authorized like any call, against the role's ARN (rolegate:DeclareRoleUsage, …): grant a
 * service's identity exactly the roles it may declare for.
 */
import { action } from '../core/action.js';
import { AwsError, InvalidInput, LimitExceeded } from '../core/errors.js';
import { deniedRole } from '../iam/denied-as.js';
import { iso } from '../iam/model.js';
import { getRole, roleResource } from '../iam/roles/common.js';
import { roleUsage } from '../iam/service-linked/deletion.js';
import { type RoleUsageData, SLR_KIND, usageKey, usagePrefix } from '../iam/service-linked/model.js';
import type { ReadTx } from '../store/types.js';
import { RESOURCE_ARN_MAX, region, resourceArns, roleName } from './shapes.js';

/** Declared resources per role: bounds what a deletion reads in its one transaction. */
export const MAX_USAGES_PER_ROLE = 1000;
/** Declared resources per account: bounds what an account's declarations keep (ARNs of up to 900 bytes, shapes.ts). */
export const MAX_USAGES_PER_ACCOUNT = 10_000;

const params = { RoleName: { ...roleName, required: true }, Region: region, ResourceArns: { ...resourceArns, required: true } } as const;

/**
 * Authorized against the role's stored ARN (a policy's Resource matches its path), but a denial
 * names the role as the caller did, as AWS's does for a role addressed by name ("… on resource:
 * role NAME"): the stored path would tell a caller who may not touch the role that it exists.
 */
const deniedAs = deniedRole;

/** The byte half of resourceArn's bound (shapes.ts): a shorter ARN of multi-byte characters can still be too long. */
function checkArnBytes(arns: readonly string[]): void {
  const i = arns.findIndex((a) => Buffer.byteLength(a, 'utf8') > RESOURCE_ARN_MAX);
  if (i >= 0) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${arns[i]!}' at 'resourceArns.${i + 1}.member' failed to satisfy constraint: Member must have length less than or equal to ${RESOURCE_ARN_MAX} bytes in UTF-8`,
    );
  }
}

async function linkedRole(tx: ReadTx, account: string, name: string) {
  const role = await getRole(tx, account, name);
  if (role.data.serviceLinked !== true) throw InvalidInput(`Role ${role.data.name} is not a service-linked role.`);
  return role.data;
}

export const declareRoleUsage = action({
  service: 'rolegate',
  name: 'DeclareRoleUsage',
  params,
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const where = input.Region ?? ctx.region;
    checkArnBytes(input.ResourceArns);
    await ctx.store.write(async (tx) => {
      const role = await linkedRole(tx, account, input.RoleName);
      let ofRole = await tx.count(account, SLR_KIND.roleUsage, usagePrefix(role.id));
      let ofAccount = await tx.count(account, SLR_KIND.roleUsage);
      for (const arn of new Set(input.ResourceArns)) {
        const key = usageKey(role.id, where, arn);
        if ((await tx.get(account, SLR_KIND.roleUsage, key)) !== undefined) continue; // declared already: unchanged
        if (ofRole >= MAX_USAGES_PER_ROLE) throw LimitExceeded(`Cannot exceed quota for resources using one service-linked role: ${MAX_USAGES_PER_ROLE}`);
        if (ofAccount >= MAX_USAGES_PER_ACCOUNT) throw LimitExceeded(`Cannot exceed quota for resources using service-linked roles in one account: ${MAX_USAGES_PER_ACCOUNT}`);
        await tx.put<RoleUsageData>({ account, kind: SLR_KIND.roleUsage, key, data: { roleName: role.name, region: where, resourceArn: arn, declaredAt: iso(ctx.now), declaredBy: ctx.caller.arn } }, 0);
        ofRole++;
        ofAccount++;
      }
    });
    return {};
  },
});

export const withdrawRoleUsage = action({
  service: 'rolegate',
  name: 'WithdrawRoleUsage',
  params,
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const where = input.Region ?? ctx.region;
    checkArnBytes(input.ResourceArns);
    await ctx.store.write(async (tx) => {
      const role = await getRole(tx, account, input.RoleName);
      // Withdrawing what was never declared (or twice) succeeds: the resource is gone either way.
      for (const arn of new Set(input.ResourceArns)) await tx.delete(account, SLR_KIND.roleUsage, usageKey(role.data.id, where, arn));
    });
    return {};
  },
});

export const listRoleUsage = action({
  service: 'rolegate',
  name: 'ListRoleUsage',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const role = await getRole(tx, ctx.caller.account, input.RoleName);
      const usage = await roleUsage(tx, ctx.caller.account, role.data.id);
      return { RoleUsageList: usage.map((u) => ({ Region: u.region, Resources: [...u.resources] })) };
    }),
});
