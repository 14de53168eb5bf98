/**
 * iam:ListEntitiesForPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
 * The users, groups and roles a managed policy is attached to (PermissionsPolicy) and/or that use
 * it as their permissions boundary (PermissionsBoundary); both when PolicyUsageFilter is absent.
 * EntityFilter LocalManagedPolicy / AWSManagedPolicy name no identity, so they list nothing.
 */
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { arn, paging, pathPrefix } from '../shapes.js';
import { ENTITIES, type EntityData } from './entities.js';
import { policyNotAttachable } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { type PageInput, pageOf, pageTail } from './paging.js';
import { type UsingEntity, attachedEntities, boundaryEntities } from './usage.js';

interface Input extends PageInput {
  readonly PolicyArn: string;
  readonly EntityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  readonly PathPrefix?: string;
  readonly PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

const FILTER_TYPE = { User: 'user', Group: 'group', Role: 'role' } as const;

async function using(tx: ReadTx, account: string, policyArn: string, input: Input): Promise<UsingEntity[]> {
  const byKey = new Map<string, UsingEntity>();
  if (input.PolicyUsageFilter !== 'PermissionsBoundary') for (const u of await attachedEntities(tx, account, policyArn)) byKey.set(u.key, u);
  if (input.PolicyUsageFilter !== 'PermissionsPolicy') for (const u of await boundaryEntities(tx, account, policyArn)) byKey.set(u.key, u);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function pathOf(tx: ReadTx, account: string, u: UsingEntity): Promise<string | undefined> {
  const item = await tx.get<EntityData>(account, ENTITIES[u.type].kind, u.key.slice(u.type.length + 1));
  return item?.data.path;
}

export const listEntitiesForPolicy = action({
  service: 'iam',
  name: 'ListEntitiesForPolicy',
  params: {
    PolicyArn: { ...arn, required: true },
    EntityFilter: { type: 'string', enum: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
    PathPrefix: pathPrefix,
    PolicyUsageFilter: { type: 'string', enum: ['PermissionsPolicy', 'PermissionsBoundary'] },
    ...paging,
  },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const ref = await findPolicy(tx, account, input.PolicyArn);
      // LocalStack test_iam_policies.py::test_list_entities_for_policy_errors, recorded against AWS.
      if (ref === undefined) throw policyNotAttachable(input.PolicyArn);
      let all = await using(tx, account, ref.arn, input);
      const filter = input.EntityFilter;
      if (filter !== undefined) all = filter in FILTER_TYPE ? all.filter((u) => u.type === FILTER_TYPE[filter as keyof typeof FILTER_TYPE]) : [];
      const prefix = input.PathPrefix;
      if (prefix !== undefined && prefix !== '/') {
        const kept: UsingEntity[] = [];
        for (const u of all) if ((await pathOf(tx, account, u))?.startsWith(prefix) === true) kept.push(u);
        all = kept;
      }
      const page = pageOf(all, (u) => u.key, input);
      const of = (type: UsingEntity['type']): UsingEntity[] => page.items.filter((u) => u.type === type);
      return {
        PolicyGroups: of('group').map((u) => ({ GroupName: u.name, GroupId: u.id })),
        PolicyUsers: of('user').map((u) => ({ UserName: u.name, UserId: u.id })),
        PolicyRoles: of('role').map((u) => ({ RoleName: u.name, RoleId: u.id })),
        ...pageTail(page),
      };
    }),
});
