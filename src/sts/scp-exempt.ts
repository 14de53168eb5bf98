/**
 * AWS exempts service-linked roles from SCPs (SCPs don't affect them), which is sound there
 * because only AWS's own services can assume those roles.
 * Rolegate hands such sessions to callers — rolegate:AssumeRoleForService, and any other path that
 * issues a role session on a service's behalf — so a caller whose account SCPs govern would, by
 * obtaining one, act beyond its SCPs. Such a caller is refused. Accounts SCPs do not govern are
 * unaffected: the management account ("SCPs don't affect users or roles in the management
 * account"), an account in no organization, and one whose organization has SCPs disabled — the
 * same decision enforcement takes (src/organizations/control-policies.ts).
 * The account that counts is the caller's, which is also the role's (these paths issue sessions of
 * the caller's own account's roles only).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
import type { ActionContext } from '../core/action.js';
import { AccessDenied } from '../core/errors.js';
import type { RoleData } from '../iam/model.js';
import { CONTROL_POLICIES } from '../organizations/control-policies.js';

/** Throws AccessDenied when `role` is service-linked and SCPs govern the caller's account. */
export async function refuseScpExemptSession(ctx: ActionContext, role: RoleData): Promise<void> {
  // The stored flag decides, as for the exemption itself (src/iam/identity.ts), never the ARN.
  if (role.serviceLinked !== true) return;
  const account = ctx.caller.account;
  if ((await ctx.services.get(CONTROL_POLICIES).levels(account, 'SERVICE_CONTROL_POLICY')) === undefined) return;
  throw AccessDenied(
    `User: ${ctx.caller.arn} is not authorized to obtain a session of the service-linked role ${role.arn}: service control policies govern account ${account}, and they do not apply to service-linked roles' sessions`,
  );
}
