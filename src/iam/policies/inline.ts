/**
 * Inline policies, written once for every entity type:
 * iam:Put{User,Group,Role}Policy, iam:Get…Policy, iam:List…Policies, iam:Delete…Policy
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html (and siblings)
 *
 * Items `inline-policy` keyed `${entityType}/${entityKey}/${policyName}` (model.ts); a name
 * already used replaces that policy. The aggregate size of one entity's inline policies is
 * capped (reference_iam-quotas.html: user 2,048, group 5,120, role 10,240 characters, white
 * space not counted). Authorized against the entity's ARN.
 */
import { memberOf } from '../../core/input.js';
import { IAM_POLICY_SIZE_LIMITS, inlinePolicySizeMessage, policySize } from '../../policy/index.js';
import { LimitExceeded, NoSuchEntity } from '../../core/errors.js';
import type { ActionContext, AnyAction, Caller } from '../../core/action.js';
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { type EntityType, type InlinePolicyData, KIND } from '../model.js';
import { existingUserName, groupName, paging, policyDocument, policyName, roleName } from '../shapes.js';
import { deniedEntity } from '../denied-as.js';
import { refuseServiceLinked } from '../roles/common.js';
import { ENTITIES, type EntityData, entityPrefix, entityResource, requireEntity } from './entities.js';
import { checkInlineDocument } from './documents.js';
import { pageOfStore, pageTail } from './paging.js';

const NAME_SPEC = { user: existingUserName, group: groupName, role: roleName } as const;
const SIZE_LIMIT: Readonly<Record<EntityType, number>> = {
  user: IAM_POLICY_SIZE_LIMITS.userInlinePolicies,
  group: IAM_POLICY_SIZE_LIMITS.groupInlinePolicies,
  role: IAM_POLICY_SIZE_LIMITS.roleInlinePolicies,
};

const notFound = (type: EntityType, name: string): Error => NoSuchEntity(`The ${type} policy with name ${name} cannot be found.`);

async function findInline(tx: ReadTx, account: string, type: EntityType, input: { readonly PolicyName: string }, param: string): Promise<{ entity: EntityData; key: string; policy: InlinePolicyData }> {
  const entity = (await requireEntity(tx, account, type, memberOf(input, param))).data;
  const key = entityPrefix(type, entity.name) + input.PolicyName;
  const item = await tx.get<InlinePolicyData>(account, KIND.inlinePolicy, key);
  if (item === undefined) throw notFound(type, input.PolicyName);
  return { entity, key, policy: item.data };
}

export function inlineActions(type: EntityType): AnyAction[] {
  const e = ENTITIES[type];
  const entityParam = { [e.param]: { ...NAME_SPEC[type], required: true } } as const;
  const nameParams = { ...entityParam, PolicyName: { ...policyName, required: true } } as const;
  const resource = (input: object, _caller: Caller, ctx: ActionContext): Promise<string> => entityResource(ctx, type, memberOf(input, e.param));
  const deniedAs = (input: object): string => deniedEntity(type, memberOf(input, e.param));

  const put = action({
    service: 'iam',
    name: `Put${e.noun}Policy`,
    params: { ...nameParams, PolicyDocument: { ...policyDocument, required: true } },
    resource,
    deniedAs,
    handler: async (ctx, input) => {
      const account = ctx.caller.account;
      checkInlineDocument(input.PolicyDocument);
      await ctx.store.write(async (tx) => {
        const entity = (await requireEntity(tx, account, type, memberOf(input, e.param))).data;
        refuseServiceLinked(entity); // only roles carry the flag (roles/common.ts)
        const prefix = entityPrefix(type, entity.name);
        let total = policySize(input.PolicyDocument);
        for (const p of await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: 10_000 })) {
          if (p.data.name !== input.PolicyName) total += policySize(p.data.document);
        }
        if (total > SIZE_LIMIT[type]) throw LimitExceeded(inlinePolicySizeMessage(SIZE_LIMIT[type], type, entity.name));
        const data: InlinePolicyData = { name: input.PolicyName, document: input.PolicyDocument };
        await tx.put<InlinePolicyData>({ account, kind: KIND.inlinePolicy, key: prefix + input.PolicyName, data });
      });
      return undefined;
    },
  });

  const get = action({
    service: 'iam',
    name: `Get${e.noun}Policy`,
    params: nameParams,
    resource,
    deniedAs,
    handler: (ctx, input) =>
      ctx.store.read(async (tx) => {
        const { entity, policy } = await findInline(tx, ctx.caller.account, type, input, e.param);
        return { [e.param]: entity.name, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policy.document) };
      }),
  });

  const list = action({
    service: 'iam',
    name: `List${e.noun}Policies`,
    params: { ...entityParam, ...paging },
    resource,
    deniedAs,
    handler: (ctx, input) =>
      ctx.store.read(async (tx) => {
        const account = ctx.caller.account;
        const entity = (await requireEntity(tx, account, type, memberOf(input, e.param))).data;
        const page = await pageOfStore<InlinePolicyData>(tx, account, KIND.inlinePolicy, entityPrefix(type, entity.name), input);
        return { PolicyNames: page.items.map((p) => p.data.name), ...pageTail(page) };
      }),
  });

  const del = action({
    service: 'iam',
    name: `Delete${e.noun}Policy`,
    params: nameParams,
    resource,
    deniedAs,
    handler: async (ctx, input) => {
      const account = ctx.caller.account;
      await ctx.store.write(async (tx) => {
        const { entity, key } = await findInline(tx, account, type, input, e.param);
        refuseServiceLinked(entity);
        await tx.delete(account, KIND.inlinePolicy, key);
      });
      return undefined;
    },
  });

  return [put, get, list, del];
}
