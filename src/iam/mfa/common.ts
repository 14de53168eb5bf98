/**
 * Virtual MFA devices: lookups, shapes and AWS's wording.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html
 */
import type { Pattern, Spec } from '../../core/input.js';
import { NoSuchEntity, ValidationError, fixedError } from '../../core/errors.js';
import { PATH } from '../shapes.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, type MfaDeviceData, nameKey } from '../model.js';
import { hotp, matchingStep, stepAt } from '../../credentials/totp.js';
import { SEAL, type Services } from '../../core/services.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });
export const deviceName = { type: 'string', min: 1, max: 226, pattern: p(/^[\w+=,.@-]+$/, '[\\w+=,.@-]+') } as const satisfies Spec;
export const serialNumber = { type: 'string', min: 9, max: 256, pattern: p(/^[\w+=/:,.@-]+$/, '[\\w+=/:,.@-]+') } as const satisfies Spec;
/** An MFA code is a credential for its step: never quoted back (as sts/shapes.ts tokenCode). */
/**
 * CreateVirtualMFADevice's Path: its length checked as every member's (the value not quoted), its
 * pattern by the handler in AWS's own words (checkDevicePath) — LocalStack test_iam_mfa.py::
 * test_virtual_mfa_device_errors "create-invalid-path-no-leading-slash-error",
 * "create-path-too-long-error", recorded against AWS.
 */
export const devicePath = { type: 'string', min: 1, max: 512, quoted: false } as const satisfies Spec;

export function checkDevicePath(path: string): void {
  if (!PATH.re.test(path)) {
    throw ValidationError('The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
  }
}

export const authCode = { type: 'string', min: 6, max: 6, pattern: p(/^[\d]+$/, '[\\d]+'), sensitive: true } as const satisfies Spec;

export const mfaArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:mfa${path}${name}`;

export const invalidCode = fixedError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');

/** DeactivateMFADevice, ResyncMFADevice: the device is not (enabled for) the user; DeleteVirtualMFADevice: no such device. */
export const noSuchUserDevice = (serial: string): Error => NoSuchEntity(`MFA Device with serial number ${serial} does not exist.`);

/** The device with this serial number in `account`. */
export async function findDevice(tx: ReadTx, account: string, serial: string): Promise<Item<MfaDeviceData> | undefined> {
  const item = await tx.getById<MfaDeviceData>(KIND.mfaDevice, serial);
  return item !== undefined && item.account === account ? item : undefined;
}

/** The device with this serial number in `account`, or NoSuchEntity. */
export async function getDevice(tx: ReadTx, account: string, serial: string): Promise<Item<MfaDeviceData>> {
  const item = await findDevice(tx, account, serial);
  if (item === undefined) throw NoSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  return item;
}

/** Whether `device` is enabled for the user keyed `userKey` (user names match ignoring case). */
export const enabledFor = (device: Item<MfaDeviceData> | undefined, userKey: string): device is Item<MfaDeviceData> =>
  device?.data.userName !== undefined && nameKey(device.data.userName) === userKey;

/** The device's TOTP key (sealed at rest as base64 of the raw seed). */
export function openSeed(services: Services, device: MfaDeviceData): Buffer {
  return Buffer.from(services.sealer.open(device.sealedSeed, SEAL.mfaSeed), 'base64');
}

/** Two consecutive codes (EnableMFADevice, ResyncMFADevice): the later step, or InvalidAuthenticationCode. */
export function consecutiveCodes(seed: Buffer, code1: string, code2: string, nowMs: number, window: number): number {
  const first = matchingStep(seed, code1, stepAt(nowMs), window);
  if (first === undefined || hotp(seed, first + 1) !== code2) throw invalidCode();
  return first + 1;
}
