/**
 * Parameter shapes of the SSH key, certificate and service-specific credential actions, from the
 * IAM service model (botocore data/iam/2010-05-08/service-2.json).
 */
import type { Spec } from '../../core/input.js';
import { ACCESS_KEY_ID, NAME, POLICY_DOCUMENT } from '../shapes.js';

/** publicKeyIdType, serviceSpecificCredentialId: `[\w]+`, 20–128. */
export const sshPublicKeyId = { type: 'string', min: 20, max: 128, pattern: ACCESS_KEY_ID } as const satisfies Spec;
/** AWS's recorded ValidationError leaves the value out (LocalStack test_service_specific_credential_errors). */
export const serviceSpecificCredentialId = { type: 'string', min: 20, max: 128, pattern: ACCESS_KEY_ID, quoted: false } as const satisfies Spec;
/** certificateIdType: `[\w]+`, 24–128. */
export const certificateId = { type: 'string', min: 24, max: 128, pattern: ACCESS_KEY_ID } as const satisfies Spec;
/** publicKeyMaterialType, certificateBodyType: tab, CR, LF and U+0020–U+00FF, up to 16 KiB. */
export const publicKeyMaterial = { type: 'string', min: 1, max: 16384, pattern: POLICY_DOCUMENT } as const satisfies Spec;
export const certificateBody = { type: 'string', min: 1, max: 16384, pattern: POLICY_DOCUMENT } as const satisfies Spec;
/** privateKeyType: sensitive — never quoted in a message, log line or audit record. */
export const privateKey = { type: 'string', min: 1, max: 16384, pattern: POLICY_DOCUMENT, sensitive: true } as const satisfies Spec;
export const certificateChain = { type: 'string', min: 1, max: 2097152, pattern: POLICY_DOCUMENT } as const satisfies Spec;
export const serverCertificateName = { type: 'string', min: 1, max: 128, pattern: NAME } as const satisfies Spec;
export const encoding = { type: 'string', enum: ['SSH', 'PEM'] } as const satisfies Spec;
export const serviceName = { type: 'string' } as const satisfies Spec;
export const credentialAgeDays = { type: 'integer', min: 1, max: 36600 } as const satisfies Spec;
