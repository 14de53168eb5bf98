/**
 * iam:TagSAMLProvider, iam:UntagSAMLProvider, iam:ListSAMLProviderTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagSAMLProvider.html (and
 * API_UntagSAMLProvider, API_ListSAMLProviderTags). Keys match ignoring case; at most 50 tags.
 */
import { tagActions } from '../../iam/tags.js';
import { getProvider, providerArn } from './provider-common.js';

export const { tag: tagSamlProvider, untag: untagSamlProvider, list: listSamlProviderTags } = tagActions({
  noun: 'SAMLProvider',
  param: 'SAMLProviderArn',
  spec: providerArn,
  resource: (_ctx, arn) => arn,
  get: getProvider,
  tooMany: { quota: 'TagsPerSAMLProvider' },
});
