/**
 * iam:TagInstanceProfile, iam:UntagInstanceProfile, iam:ListInstanceProfileTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html (and
 * API_UntagInstanceProfile, API_ListInstanceProfileTags). Keys match ignoring case; at most 50.
 */
import { instanceProfileName } from '../roles/shapes.js';
import { deniedInstanceProfile } from '../denied-as.js';
import { tagActions } from '../tags.js';
import { getProfile, profileResource } from './common.js';

export const { tag: tagInstanceProfile, untag: untagInstanceProfile, list: listInstanceProfileTags } = tagActions({
  noun: 'InstanceProfile',
  param: 'InstanceProfileName',
  spec: instanceProfileName,
  resource: profileResource,
  deniedAs: (name) => deniedInstanceProfile({ InstanceProfileName: name }),
  get: getProfile,
  tooMany: { quota: 'TagsPerInstanceProfile' },
});
