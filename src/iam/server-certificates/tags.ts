/**
 * iam:TagServerCertificate, iam:UntagServerCertificate, iam:ListServerCertificateTags
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagServerCertificate.html (and
 * API_UntagServerCertificate, API_ListServerCertificateTags). At most 50 tags.
 */
import { tagActions } from '../tags.js';
import { serverCertificateName } from '../users/credential-shapes.js';
import { getServerCertificateItem, serverCertificateResource } from './common.js';

export const { tag: tagServerCertificate, untag: untagServerCertificate, list: listServerCertificateTags } = tagActions({
  noun: 'ServerCertificate',
  param: 'ServerCertificateName',
  spec: serverCertificateName,
  resource: serverCertificateResource,
  get: getServerCertificateItem,
  tooMany: { quota: 'TagsPerServerCertificate' },
});
