/** The managed-policy, attachment and inline-policy actions, for users, groups and roles. */
import type { AnyAction } from '../../core/action.js';
import { attachActions } from './attachments.js';
import { createPolicy } from './create-policy.js';
import { deletePolicy } from './delete-policy.js';
import { getPolicy } from './get-policy.js';
import { inlineActions } from './inline.js';
import { listEntitiesForPolicy } from './list-entities-for-policy.js';
import { listPolicies } from './list-policies.js';
import { listPolicyTags, tagPolicy, untagPolicy } from './policy-tags.js';
import { getPolicyVersion, listPolicyVersions } from './versions-read.js';
import { createPolicyVersion, deletePolicyVersion, setDefaultPolicyVersion } from './versions-write.js';

export const policyActions: readonly AnyAction[] = [
  createPolicy,
  getPolicy,
  listPolicies,
  deletePolicy,
  createPolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
  tagPolicy,
  untagPolicy,
  listPolicyTags,
  listEntitiesForPolicy,
  ...attachActions('user'),
  ...attachActions('group'),
  ...attachActions('role'),
  ...inlineActions('user'),
  ...inlineActions('group'),
  ...inlineActions('role'),
];
