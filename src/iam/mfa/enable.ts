/**
 * iam:EnableMFADevice (two consecutive codes), DeactivateMFADevice, ResyncMFADevice.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
import { EntityAlreadyExists, NoSuchEntity } from '../../protocol/errors.js';
import { action } from '../../server/action.js';
import { getUser, impliedUserName, userResource } from '../users/common.js';
import { KIND, type MfaDeviceData, iso, nameKey } from '../model.js';
import { existingUserName } from '../shapes.js';
import { authCode, consecutiveCodes, getDevice, openSeed, serialNumber } from './common.js';

interface CodesInput {
  readonly UserName: string;
  readonly SerialNumber: string;
  readonly AuthenticationCode1: string;
  readonly AuthenticationCode2: string;
}

const codesParams = {
  UserName: { ...existingUserName, required: true },
  SerialNumber: { ...serialNumber, required: true },
  AuthenticationCode1: { ...authCode, required: true },
  AuthenticationCode2: { ...authCode, required: true },
} as const;

/** AWS lets a resync find codes within a wide drift; enabling expects a device in step. */
const ENABLE_WINDOW = 2;
const RESYNC_WINDOW = 40;

export const enableMfaDevice = action<CodesInput>({
  service: 'iam',
  name: 'EnableMFADevice',
  params: codesParams,
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const device = await getDevice(tx, account, input.SerialNumber);
      if (device.data.userName !== undefined) throw EntityAlreadyExists('MFA Device is already in use.');
      const step = consecutiveCodes(openSeed(ctx.services, device.data), input.AuthenticationCode1, input.AuthenticationCode2, ctx.now.getTime(), ENABLE_WINDOW);
      const data: MfaDeviceData = { ...device.data, userName: user.data.name, enableDate: iso(ctx.now), lastStep: step };
      await tx.put({ account, kind: KIND.mfaDevice, key: device.key, id: device.data.serialNumber, data }, device.version);
      await tx.put({ account, kind: KIND.userMfa, key: `${nameKey(user.data.name)}/${device.key}`, data: { serialNumber: device.data.serialNumber } }, 0);
    });
    return undefined;
  },
});

export const resyncMfaDevice = action<CodesInput>({
  service: 'iam',
  name: 'ResyncMFADevice',
  params: codesParams,
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      await getUser(tx, account, input.UserName);
      const device = await getDevice(tx, account, input.SerialNumber);
      if (device.data.userName?.toLowerCase() !== input.UserName.toLowerCase()) throw NoSuchEntity(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
      const step = consecutiveCodes(openSeed(ctx.services, device.data), input.AuthenticationCode1, input.AuthenticationCode2, ctx.now.getTime(), RESYNC_WINDOW);
      await tx.put({ account, kind: KIND.mfaDevice, key: device.key, id: device.data.serialNumber, data: { ...device.data, lastStep: step } }, device.version);
    });
    return undefined;
  },
});

interface DeactivateInput {
  readonly UserName?: string;
  readonly SerialNumber: string;
}

export const deactivateMfaDevice = action<DeactivateInput>({
  service: 'iam',
  name: 'DeactivateMFADevice',
  params: { UserName: existingUserName, SerialNumber: { ...serialNumber, required: true } },
  resource: (input, caller, ctx) => userResource(ctx, impliedUserName(input, caller)),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const userName = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, userName);
      const device = await tx.getById<MfaDeviceData>(KIND.mfaDevice, input.SerialNumber);
      if (device === undefined || device.account !== account || device.data.userName?.toLowerCase() !== user.data.name.toLowerCase()) {
        throw NoSuchEntity(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
      }
      const d = device.data;
      const rest: MfaDeviceData = { serialNumber: d.serialNumber, name: d.name, path: d.path, sealedSeed: d.sealedSeed, createdAt: d.createdAt, tags: d.tags };
      await tx.put({ account, kind: KIND.mfaDevice, key: device.key, id: d.serialNumber, data: rest }, device.version);
      await tx.delete(account, KIND.userMfa, `${nameKey(user.data.name)}/${device.key}`);
    });
    return undefined;
  },
});
