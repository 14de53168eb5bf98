import type { AnyAction } from '../../core/action.js';
import { deleteSigningCertificate, listSigningCertificates, updateSigningCertificate } from './manage.js';
import { uploadSigningCertificate } from './upload-signing-certificate.js';

export const signingCertificateActions: readonly AnyAction[] = [uploadSigningCertificate, listSigningCertificates, updateSigningCertificate, deleteSigningCertificate];
