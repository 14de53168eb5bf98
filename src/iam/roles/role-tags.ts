/**
 * iam:TagRole, iam:UntagRole, iam:ListRoleTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html (and API_UntagRole,
 * API_ListRoleTags). Keys match ignoring case; a role holds at most 50 tags.
 */
import { roleName } from '../shapes.js';
import { deniedEntity } from '../denied-as.js';
import { tagActions } from '../tags.js';
import { getRole, roleResource } from './common.js';

export const { tag: tagRole, untag: untagRole, list: listRoleTags } = tagActions({
  noun: 'Role',
  param: 'RoleName',
  spec: roleName,
  resource: roleResource,
  deniedAs: (name) => deniedEntity('role', name),
  get: getRole,
  tooMany: { quota: 'TagsPerRole' },
});
