/**
 * How an AccessDenied names an IAM resource the caller addressed by name (the actions'
 * `deniedAs`). The call is authorized against the stored ARN, path included (a policy's Resource
 * matches it), but AWS's denial names the resource type and the name as given — "… is not
 * authorized to perform: iam:GetUser on resource: user NAME", "group NAME", "role NAME",
 * "instance profile NAME" (AWS's messages as recorded in public reports, e.g. aws/aws-cdk#27067
 * for iam:GetRole) — never the path, which only an existing entity has: the answer is the same
 * whether it exists. https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { EntityType } from './model.js';

/** `user NAME`, `group NAME`, `role NAME`: the entity types' own nouns. */
export const deniedEntity = (type: EntityType, name: string): string => `${type} ${name}`;

/**
 * `user NAME` when the call names a user; without UserName it applies to the signing user, whose
 * own ARN the denial keeps (undefined: the resource as authorized).
 */
export const deniedUser = (input: { readonly UserName?: string | undefined }): string | undefined =>
  input.UserName === undefined ? undefined : deniedEntity('user', input.UserName);

export const deniedGroup = (input: { readonly GroupName: string }): string => deniedEntity('group', input.GroupName);

export const deniedRole = (input: { readonly RoleName: string }): string => deniedEntity('role', input.RoleName);

export const deniedInstanceProfile = (input: { readonly InstanceProfileName: string }): string => `instance profile ${input.InstanceProfileName}`;
