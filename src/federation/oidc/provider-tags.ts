/**
 * iam:TagOpenIDConnectProvider, iam:UntagOpenIDConnectProvider, iam:ListOpenIDConnectProviderTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
 * Keys match ignoring case; at most 50 tags, AWS's LimitExceeded wording for providers
 * ("The number of tags has reached the maximum limit.", LocalStack snapshot recorded against AWS).
 */
import { arn } from '../../iam/shapes.js';
import { tagActions } from '../../iam/tags.js';
import { getProvider } from './common.js';

export const { tag: tagOpenIdConnectProvider, untag: untagOpenIdConnectProvider, list: listOpenIdConnectProviderTags } = tagActions({
  noun: 'OpenIDConnectProvider',
  param: 'OpenIDConnectProviderArn',
  spec: arn,
  resource: (_ctx, providerArn) => providerArn,
  get: getProvider,
  tooMany: { message: 'The number of tags has reached the maximum limit.' },
});
