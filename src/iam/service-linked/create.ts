/**
 * iam:CreateServiceLinkedRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
 * The role's name, path, trust policy and managed policy come from the catalogue (catalogue.ts),
 * never from the caller; the stored `serviceLinked` flag is set here and nowhere else. AWS's
 * answers, as recorded (LocalStack test_iam.snapshot.json, TestIAMServiceRoles):
 *   a name taken: InvalidInput "Service role name <name> has been taken in this account, please try a different suffix."
 *   a suffix the service refuses: InvalidInput "Custom suffix is not allowed for <service>"
 *   with a suffix it takes: the name is <RoleName>_<suffix>.
 * Authorized against the role's ARN with iam:AWSServiceName (Service Authorization Reference).
 */
import { newUniqueId } from '../../credentials/ids.js';
import { InvalidInput, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { type AttachmentData, KIND, type PolicyEntityData, type RoleData, iso, nameKey, roleArn } from '../model.js';
import { groupName } from '../shapes.js';
import { roleWritten } from '../roles/common.js';
import { description } from '../roles/shapes.js';
import { type ServiceLinkedRoleSpec, serviceLinkedRoles } from './catalogue.js';
import { customSuffix } from './shapes.js';

const taken = (name: string): Error => InvalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);

/**
 * An AWSServiceName no catalogued service has. Not recorded: the wording is ours (AWS answers
 * InvalidInput; LocalStack's recordings do not include the message).
 */
const unknownService = (service: string): Error => InvalidInput(`Unknown service: ${service}. The service does not support service-linked roles.`);

function specOf(service: string): ServiceLinkedRoleSpec {
  const spec = serviceLinkedRoles().get(service);
  if (spec === undefined) throw unknownService(service);
  return spec;
}

function roleNameOf(spec: ServiceLinkedRoleSpec, suffix: string | undefined): string {
  if (suffix === undefined) return spec.roleName;
  if (!spec.customSuffix) throw InvalidInput(`Custom suffix is not allowed for ${spec.service}`);
  const name = `${spec.roleName}_${suffix}`;
  // roleNameType: at most 64 characters; the suffix's own limit (64) does not see the prefix.
  if (name.length > 64) throw InvalidInput(`Role name ${name} is longer than 64 characters.`);
  return name;
}

export const createServiceLinkedRole = action({
  service: 'iam',
  name: 'CreateServiceLinkedRole',
  params: {
    AWSServiceName: { ...groupName, required: true },
    Description: description,
    CustomSuffix: customSuffix,
  },
  resource: (input, caller) => {
    const spec = serviceLinkedRoles().get(input.AWSServiceName);
    const name = spec === undefined ? '' : spec.roleName + (input.CustomSuffix === undefined ? '' : `_${input.CustomSuffix}`);
    return roleArn(caller.account, `/aws-service-role/${input.AWSServiceName}/`, name);
  },
  context: (input) => ({ 'iam:AWSServiceName': input.AWSServiceName }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const spec = specOf(input.AWSServiceName);
    const name = roleNameOf(spec, input.CustomSuffix);
    const role: RoleData = {
      name,
      path: spec.path,
      id: newUniqueId('AROA', ctx.services.random),
      arn: roleArn(account, spec.path, name),
      createdAt: iso(ctx.now),
      assumeRolePolicyDocument: spec.trustPolicy,
      ...(input.Description === undefined || input.Description === '' ? {} : { description: input.Description }),
      maxSessionDuration: 3600,
      tags: [],
      serviceLinked: true,
    };
    return ctx.store.write(async (tx) => {
      const key = nameKey(name);
      if ((await tx.get(account, KIND.role, key)) !== undefined) throw taken(name);
      const quota = ctx.services.config.quotas.rolesPerAccount;
      if ((await tx.count(account, KIND.role)) >= quota) throw LimitExceeded(`Cannot exceed quota for RolesPerAccount: ${quota}`);
      try {
        await tx.put<RoleData>({ account, kind: KIND.role, key, id: role.id, data: role }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw taken(name);
        throw e;
      }
      // The role's policy, attached as AttachRolePolicy would (policies/attachments.ts), which
      // itself refuses /aws-service-role/ policies to customer roles.
      const policyName = spec.policyArn.slice(spec.policyArn.lastIndexOf('/') + 1);
      await tx.put<AttachmentData>({ account, kind: KIND.attachment, key: `role/${key}/${spec.policyArn}`, data: { policyArn: spec.policyArn, policyName } }, 0);
      await tx.put<PolicyEntityData>({ account, kind: KIND.policyEntity, key: `${spec.policyArn}/role/${key}`, data: { entityType: 'role', name, id: role.id } }, 0);
      return { Role: await roleWritten(tx, role, true) };
    });
  },
});
