import type { AnyAction } from '../../core/action.js';
import { deleteServerCertificate, getServerCertificate, listServerCertificates } from './manage.js';
import { listServerCertificateTags, tagServerCertificate, untagServerCertificate } from './tags.js';
import { updateServerCertificate } from './update-server-certificate.js';
import { uploadServerCertificate } from './upload-server-certificate.js';

export const serverCertificateActions: readonly AnyAction[] = [
  uploadServerCertificate,
  getServerCertificate,
  listServerCertificates,
  updateServerCertificate,
  deleteServerCertificate,
  tagServerCertificate,
  untagServerCertificate,
  listServerCertificateTags,
];
