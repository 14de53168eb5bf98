/**
 * Authorization resources of the tree and policy actions (Service Authorization Reference, AWS
 * Organizations: root, ou, account and policy resource types). Naming them takes the caller's
 * organization; a caller that does not manage one is answered before any policy check (see
 * describe-account.ts for why).
 */
import { resourceTagsOf } from '../iam/resource-tags.js';
import type { ActionContext, Caller } from '../core/action.js';
import { authorizeRequest, callerContext } from '../access/authorize.js';
import { managedOrganization } from './lookup.js';
import { type OrganizationData, accountArn } from './model.js';
import { findPolicy } from './attachments.js';
import { policyArn } from './policy-model.js';
import { isAccountId, isOuId, ouArn, rootArn } from './tree-model.js';

export async function orgResource(caller: Caller, ctx: ActionContext, arn: (org: OrganizationData) => string): Promise<string> {
  const org = await ctx.store.read((tx) => managedOrganization(tx, caller.account));
  return arn(org);
}

/** The ARN of a root, OU or account id. */
export function memberArn(org: OrganizationData, id: string): string {
  const m = org.managementAccountId;
  if (isOuId(id)) return ouArn(m, org.id, id);
  if (isAccountId(id)) return accountArn(m, org.id, id);
  return rootArn(m, org.id, id);
}

/**
 * A policy's ARN, read with the organization. AWS managed policies (account `aws`) are authorized
 * against `*`: the engine would otherwise judge the call as cross-account.
 */
export async function policyResource(caller: Caller, ctx: ActionContext, policyId: string): Promise<string> {
  return ctx.store.read(async (tx) => {
    const org = await managedOrganization(tx, caller.account);
    const p = await findPolicy(tx, org.managementAccountId, policyId);
    if (p === undefined) return `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/*/${policyId}`;
    return p.awsManaged ? '*' : policyArn(org.managementAccountId, org.id, p);
  });
}

/**
 * The further resources an action names, each authorized as the pipeline authorizes the first
 * (with its tags): AWS grants AttachPolicy and DetachPolicy only with a Resource that includes
 * "*" or the policy's ARN and the ARN of the root, OU or account, and MoveAccount names the
 * account and both parents; a Deny on a target must hold.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_attach.html
 */
export async function authorizeMembers(ctx: ActionContext, actionName: string, ids: readonly string[]): Promise<void> {
  const org = await ctx.store.read((tx) => managedOrganization(tx, ctx.caller.account));
  const context = callerContext(ctx);
  for (const id of ids) {
    const arn = memberArn(org, id);
    const tags = await resourceTagsOf('organizations', actionName, arn, ctx);
    authorizeRequest(ctx, `organizations:${actionName}`, arn, context, ctx.callerPolicies, tags);
  }
}
