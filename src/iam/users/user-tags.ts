/**
 * iam:TagUser, iam:UntagUser, iam:ListUserTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html (and API_UntagUser,
 * API_ListUserTags). Tag keys match ignoring case; a user holds at most 50 tags.
 */
import { existingUserName } from '../shapes.js';
import { deniedEntity } from '../denied-as.js';
import { tagActions } from '../tags.js';
import { getUser, userResource } from './common.js';

export const { tag: tagUser, untag: untagUser, list: listUserTags } = tagActions({
  noun: 'User',
  param: 'UserName',
  spec: existingUserName,
  resource: userResource,
  deniedAs: (name) => deniedEntity('user', name),
  get: getUser,
  tooMany: { quota: 'TagsPerUser' },
});
