/**
 * rolegate:CheckPassRole — for a service that sits beside Rolegate and is handed a role, as AWS's
 * services are (RunInstances' instance profile, CreateFunction's Role, …): "may this caller pass
 * role R to service S for resource A?". AWS checks iam:PassRole on the role's ARN, as the caller,
 * with iam:PassedToService (the service principal the role goes to) and iam:AssociatedResourceArn
 * (the resource that will use it) in the request context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
 *
 * The caller is the principal whose PassRole is in question (the request is signed with its
 * credentials). The call itself is authorized like any other: rolegate:CheckPassRole on the role's
 * ARN. The answer is `Allowed`, and when denied, `Message`: the AccessDenied message AWS's
 * services relay for PassRole ("User: <caller> is not authorized to perform: iam:PassRole on
 * resource: <role> because …"), for the service to pass on. Only a role of the caller's own
 * account can be passed ("you can use the PassRole permission only to pass a role to a service
 * that shares the same AWS account"): another account's role is a cross-account resource, whose
 * rolegate:CheckPassRole no policy of that account grants (AccessDenied). A role that does not
 * exist is NoSuchEntity only to a caller who may pass it: to any other, the answer is the same
 * denial whether or not it exists.
 */
import { authorizeRequest, callerContext } from '../access/authorize.js';
import { action } from '../core/action.js';
import { AwsError, NoSuchEntity } from '../core/errors.js';
import { resourceTagsOf } from '../iam/resource-tags.js';
import { parsePrincipalArn } from '../iam/roles/trust-policy.js';
import { KIND, type RoleData, nameKey } from '../iam/model.js';
import { arn } from '../iam/shapes.js';
import { servicePrincipal } from './shapes.js';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const checkPassRole = action({
  service: 'rolegate',
  name: 'CheckPassRole',
  params: { RoleArn: { ...arn, required: true }, PassedToService: { ...servicePrincipal, required: true }, AssociatedResourceArn: arn },
  resource: (input) => input.RoleArn,
  // Rolegate's condition key (src/access/service-reference.ts): the service the role would go to.
  context: (input) => ({ 'rolegate:ServicePrincipal': input.PassedToService }),
  handler: async (ctx, input) => {
    const ref = parsePrincipalArn(input.RoleArn);
    const name = ref?.name ?? input.RoleArn;
    // A role's name is 1–64 of [\w+=,.@-]: another names no role (and is no store key).
    const item = ref?.kind === KIND.role && ref.account === ctx.caller.account && ROLE_NAME.test(ref.name) ? await ctx.services.cache.get<RoleData>(ref.account, KIND.role, nameKey(ref.name)) : undefined;
    const context = Object.assign({}, callerContext(ctx), {
      'iam:PassedToService': input.PassedToService,
      ...(input.AssociatedResourceArn === undefined ? {} : { 'iam:AssociatedResourceArn': input.AssociatedResourceArn }),
    });
    // iam:PassRole is decided first, on the ARN as given (AWS decides it before the service looks
    // the role up): a caller who may not pass the role learns nothing of whether it exists. The
    // role's tags count only when the ARN is the role's own, path included.
    const tags = await resourceTagsOf('iam', 'PassRole', input.RoleArn, ctx);
    try {
      authorizeRequest(ctx, 'iam:PassRole', input.RoleArn, context, ctx.callerPolicies, tags);
    } catch (e) {
      if (e instanceof AwsError && e.code === 'AccessDenied') return { Allowed: false, Message: e.message };
      throw e;
    }
    // The ARN must be the role's own, path included: a policy's Resource matches that ARN.
    if (item === undefined || item.data.arn !== input.RoleArn) throw NoSuchEntity(`The role with name ${name} cannot be found.`);
    return { Allowed: true };
  },
});
