/**
 * Ids of the credentials a user or account holds besides access keys, in AWS's formats:
 * SSH public keys `APKA` + 16 (as the API reference's APKAEIBAERJR2EXAMPLE), server certificates
 * `ASCA` + 17, service-specific credentials `ACCA` + 17 (ASCACKCEVSQ6C2EXAMPLE,
 * ACCAEXAMPLE123EXAMPLE), signing certificates 32 characters of base32 (certificateIdType: 24–128
 * word characters).
 */
import { base32 } from '../../credentials/ids.js';

type Random = (n: number) => Uint8Array;

export const newSshPublicKeyId = (random: Random): string => `APKA${base32(random(10))}`;
export const newServerCertificateId = (random: Random): string => `ASCA${base32(random(11)).slice(0, 17)}`;
export const newServiceCredentialId = (random: Random): string => `ACCA${base32(random(11)).slice(0, 17)}`;
export const newSigningCertificateId = (random: Random): string => base32(random(20));
