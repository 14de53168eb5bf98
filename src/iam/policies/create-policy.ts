/**
 * iam:CreatePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
 * Authorized against the new policy's ARN (Service Authorization Reference: resource `policy`),
 * with aws:RequestTag/… and aws:TagKeys.
 */
import { newUniqueId } from '../../credentials/ids.js';
import { EntityAlreadyExists } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { KIND, type ManagedPolicyData, iso, nameKey, policyArn } from '../model.js';
import { type Tag, policyDescription, policyDocument, policyName, policyPath, tags } from '../shapes.js';
import { checkManagedDocument } from './documents.js';
import { requestTagContext } from '../tags.js';
import { checkDuplicatePolicyTags } from './policy-tags.js';
import { localPolicyView } from './views.js';

export const createPolicy = action({
  service: 'iam',
  name: 'CreatePolicy',
  params: {
    PolicyName: { ...policyName, required: true },
    Path: policyPath,
    PolicyDocument: { ...policyDocument, required: true },
    Description: policyDescription,
    Tags: tags,
  },
  resource: (input, caller) => policyArn(caller.account, input.Path ?? '/', input.PolicyName),
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    const tagList: readonly Tag[] = input.Tags ?? [];
    checkDuplicatePolicyTags(tagList);
    checkManagedDocument(input.PolicyDocument);
    const account = ctx.caller.account;
    const path = input.Path ?? '/';
    const now = iso(ctx.now);
    const policy: ManagedPolicyData = {
      name: input.PolicyName,
      path,
      id: newUniqueId('ANPA', ctx.services.random),
      arn: policyArn(account, path, input.PolicyName),
      ...(input.Description === undefined ? {} : { description: input.Description }),
      createdAt: now,
      updatedAt: now,
      defaultVersionId: 'v1',
      nextVersion: 2,
      versions: [{ versionId: 'v1', document: input.PolicyDocument, createdAt: now }],
      attachmentCount: 0,
      boundaryUsageCount: 0,
      tags: tagList.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    try {
      await ctx.store.write((tx) => tx.put<ManagedPolicyData>({ account, kind: KIND.policy, key: nameKey(policy.name), id: policy.id, data: policy }, 0));
    } catch (e) {
      // Names are unique ignoring case, whatever the path (API_CreatePolicy.html).
      if (e instanceof ConflictError && e.reason === 'exists') {
        throw EntityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      }
      throw e;
    }
    return { Policy: localPolicyView(policy, { attachments: 0, boundaries: 0 }, 'create') };
  },
});
