/**
 * Managed policy attachments, written once for every entity type:
 * iam:Attach{User,Group,Role}Policy, iam:Detach…Policy, iam:ListAttached…Policies
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html (and siblings)
 *
 * Each attachment is two items written together (model.ts): `attachment`
 * `${entityType}/${entityKey}/${policyArn}` (what the entity has) and `policy-entity`
 * `${policyArn}/${entityType}/${entityKey}` (who has the policy); a customer policy's
 * attachmentCount changes in the same transaction. Authorized against the entity's ARN with
 * iam:PolicyARN (Service Authorization Reference).
 */
import { memberOf } from '../../core/input.js';
import { LimitExceeded, PolicyNotAttachable } from '../../core/errors.js';
import type { ActionContext, AnyAction, Caller } from '../../core/action.js';
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { type AttachmentData, type EntityType, KIND, type ManagedPolicyData, type PolicyEntityData, nameKey } from '../model.js';
import { arn, groupName, paging, policyPath, roleName, userName } from '../shapes.js';
import { deniedEntity } from '../denied-as.js';
import { refuseServiceLinked } from '../roles/common.js';
import { ENTITIES, entityPrefix, entityResource, requireEntity } from './entities.js';
import { policyNotAttachable, policyNotFound } from './errors.js';
import { pageOf, pageTail } from './paging.js';
import { type PolicyRef, checkArnSyntax, findPolicy, isServiceRolePolicy } from './policy-ref.js';

const NAME_SPEC = { user: userName, group: groupName, role: roleName } as const;

async function adjustCount(tx: WriteTx, account: string, ref: PolicyRef, delta: number): Promise<void> {
  if (ref.scope !== 'local') return;
  const p = ref.policy;
  const data: ManagedPolicyData = { ...p, attachmentCount: Math.max(0, p.attachmentCount + delta) };
  await tx.put<ManagedPolicyData>({ account, kind: KIND.policy, key: nameKey(p.name), id: p.id, data }, ref.version);
}

export function attachActions(type: EntityType): AnyAction[] {
  const e = ENTITIES[type];
  const params = { [e.param]: { ...NAME_SPEC[type], required: true }, PolicyArn: { ...arn, required: true } } as const;
  const resource = (input: object, _caller: Caller, ctx: ActionContext): Promise<string> => entityResource(ctx, type, memberOf(input, e.param));
  const deniedAs = (input: object): string => deniedEntity(type, memberOf(input, e.param));
  const context = (input: { readonly PolicyArn: string }): Record<string, string> => ({ 'iam:PolicyARN': input.PolicyArn });

  const attach = action({
    service: 'iam',
    name: `Attach${e.noun}Policy`,
    params,
    resource,
    deniedAs,
    context,
    handler: async (ctx, input) => {
      const account = ctx.caller.account;
      await ctx.store.write(async (tx) => {
        const entity = (await requireEntity(tx, account, type, memberOf(input, e.param))).data;
        refuseServiceLinked(entity); // only roles carry the flag (roles/common.ts)
        const ref = await findPolicy(tx, account, input.PolicyArn);
        if (ref === undefined) throw policyNotAttachable(input.PolicyArn);
        // AWS: PolicyNotAttachable "Cannot attach a Service Role Policy to a Customer Role."
        if (isServiceRolePolicy(ref)) throw PolicyNotAttachable('Cannot attach a Service Role Policy to a Customer Role.');
        const prefix = entityPrefix(type, entity.name);
        // Attaching a policy that is already attached changes nothing and succeeds.
        if ((await tx.get(account, KIND.attachment, prefix + ref.arn)) !== undefined) return;
        const attached = await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: 1000 });
        if (attached.length >= e.attachQuota) {
          throw LimitExceeded(`Cannot exceed quota for ${e.attachQuotaName}: ${e.attachQuota}`);
        }
        const policyName = ref.arn.slice(ref.arn.lastIndexOf('/') + 1);
        const seq = attached.reduce((m, a) => Math.max(m, a.data.seq ?? 0), 0) + 1;
        await tx.put<AttachmentData>({ account, kind: KIND.attachment, key: prefix + ref.arn, data: { policyArn: ref.arn, policyName, seq } }, 0);
        const entityKey = `${ref.arn}/${type}/${nameKey(entity.name)}`;
        await tx.put<PolicyEntityData>({ account, kind: KIND.policyEntity, key: entityKey, data: { entityType: type, name: entity.name, id: entity.id } }, 0);
        await adjustCount(tx, account, ref, +1);
      });
      return undefined;
    },
  });

  const detach = action({
    service: 'iam',
    name: `Detach${e.noun}Policy`,
    params,
    resource,
    deniedAs,
    context,
    handler: async (ctx, input) => {
      const account = ctx.caller.account;
      checkArnSyntax(input.PolicyArn);
      await ctx.store.write(async (tx) => {
        const entity = (await requireEntity(tx, account, type, memberOf(input, e.param))).data;
        refuseServiceLinked(entity); // only roles carry the flag (roles/common.ts)
        const prefix = entityPrefix(type, entity.name);
        const existing = await tx.get<AttachmentData>(account, KIND.attachment, prefix + input.PolicyArn);
        if (existing === undefined) throw policyNotFound(input.PolicyArn);
        await tx.delete(account, KIND.attachment, prefix + input.PolicyArn);
        await tx.delete(account, KIND.policyEntity, `${input.PolicyArn}/${type}/${nameKey(entity.name)}`);
        const ref = await findPolicy(tx, account, input.PolicyArn);
        if (ref !== undefined) await adjustCount(tx, account, ref, -1);
      });
      return undefined;
    },
  });

  const list = action({
    service: 'iam',
    name: `ListAttached${e.noun}Policies`,
    params: { [e.param]: { ...NAME_SPEC[type], required: true } as const, PathPrefix: policyPath, ...paging },
    resource,
    deniedAs,
    handler: (ctx, input) =>
      ctx.store.read(async (tx) => {
        const account = ctx.caller.account;
        const entity = (await requireEntity(tx, account, type, memberOf(input, e.param))).data;
        const prefix = entityPrefix(type, entity.name);
        // At most a handful per entity (the quota): read them all, filter by path, then page.
        const rows = await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: 1000 });
        const pathPrefix = input.PathPrefix ?? '/';
        // In attachment order (LocalStack test_iam_roles.py::test_attach_detach_aws_managed_policy_role
        // "list-attached-2", recorded against AWS: EMR attached first is listed first).
        const all = rows
          .map((r) => r.data)
          .filter((a) => policyPathOf(a.policyArn).startsWith(pathPrefix))
          .sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0));
        const page = pageOf(all, orderKey, input);
        return { AttachedPolicies: page.items.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })), ...pageTail(page) };
      }),
  });

  return [attach, detach, list];
}

/** ListAttached…Policies' order and marker key: attachment order, then the ARN. */
const orderKey = (a: AttachmentData): string => `${String(a.seq ?? 0).padStart(10, '0')}/${a.policyArn}`;

/** The path of a policy ARN: arn:aws:iam::123:policy/a/b/Name → /a/b/ */
function policyPathOf(policyArn: string): string {
  const start = policyArn.indexOf(':policy/') + ':policy'.length;
  return policyArn.slice(start, policyArn.lastIndexOf('/') + 1);
}
