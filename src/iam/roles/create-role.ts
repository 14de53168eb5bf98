/**
 * iam:CreateRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * Names are unique ignoring case; the trust policy is size-checked, validated and its principals
 * bound (trust-policy.ts); the response omits Description and MaxSessionDuration, as AWS's does.
 */
import { newUniqueId } from '../../credentials/ids.js';
import { EntityAlreadyExists, InvalidInput, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type RoleData, SERVICE_LINKED_PATH_PREFIX, iso, nameKey, roleArn } from '../model.js';
import { arn, path, policyDocument, type Tag, roleName, tags } from '../shapes.js';
import { adjustBoundaryUsage, createContext } from '../users/boundary.js';
import { checkDuplicateTags } from '../tags.js';
import { checkRoleBoundary } from './boundary.js';
import { roleWritten } from './common.js';
import { description, maxSessionDuration } from './shapes.js';
import { bindTrustPrincipals, checkTrustDocument } from './trust-policy.js';

export const alreadyExists = (name: string): Error => EntityAlreadyExists(`Role with name ${name} already exists.`);

export const createRole = action({
  service: 'iam',
  name: 'CreateRole',
  params: {
    Path: path,
    RoleName: { ...roleName, required: true },
    AssumeRolePolicyDocument: { ...policyDocument, required: true },
    Description: description,
    MaxSessionDuration: maxSessionDuration,
    PermissionsBoundary: arn,
    Tags: tags,
  },
  resource: (input, caller) => roleArn(caller.account, input.Path ?? '/', input.RoleName),
  context: createContext,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const p = input.Path ?? '/';
    // Only CreateServiceLinkedRole makes roles under this prefix (AWS answers this for CreateRole).
    if (p.startsWith(SERVICE_LINKED_PATH_PREFIX)) throw InvalidInput(`Path prefix '${SERVICE_LINKED_PATH_PREFIX}' can only be used for AWS Service linked Roles`);
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicateTags(tagList);
    const doc = checkTrustDocument(input.AssumeRolePolicyDocument, ctx.services.config.quotas.roleTrustPolicySize);
    const base: RoleData = {
      name: input.RoleName,
      path: p,
      id: newUniqueId('AROA', ctx.services.random),
      arn: roleArn(account, p, input.RoleName),
      createdAt: iso(ctx.now),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      ...(input.Description === undefined || input.Description === '' ? {} : { description: input.Description }),
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      ...(input.PermissionsBoundary === undefined ? {} : { permissionsBoundary: input.PermissionsBoundary }),
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    return ctx.store.write(async (tx) => {
      if ((await tx.get(account, KIND.role, nameKey(base.name))) !== undefined) throw alreadyExists(base.name);
      const quota = ctx.services.config.quotas.rolesPerAccount;
      if ((await tx.count(account, KIND.role)) >= quota) throw LimitExceeded(`Cannot exceed quota for RolesPerAccount: ${quota}`);
      if (base.permissionsBoundary !== undefined) {
        await checkRoleBoundary(tx, account, base.permissionsBoundary);
        await adjustBoundaryUsage(tx, account, base.permissionsBoundary, 1);
      }
      const bound = await bindTrustPrincipals(tx, account, doc);
      const role: RoleData = Object.keys(bound).length === 0 ? base : { ...base, trustPrincipals: bound };
      try {
        await tx.put<RoleData>({ account, kind: KIND.role, key: nameKey(role.name), id: role.id, data: role }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw alreadyExists(role.name);
        throw e;
      }
      return { Role: await roleWritten(tx, role, false) };
    });
  },
});
