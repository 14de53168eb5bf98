/**
 * iam:EnableMFADevice (two consecutive codes), DeactivateMFADevice, ResyncMFADevice.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
import { EntityAlreadyExists } from '../../core/errors.js';
import { type ActionContext, action } from '../../core/action.js';
import type { Item, WriteTx } from '../../store/types.js';
import { getUser, impliedUserName, impliedUserResource } from '../users/common.js';
import { KIND, type MfaDeviceData, iso } from '../model.js';
import { existingUserName } from '../shapes.js';
import { authCode, consecutiveCodes, enabledFor, findDevice, getDevice, noSuchUserDevice, openSeed, serialNumber } from './common.js';
import { deniedUser } from '../denied-as.js';

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

/** The step of the input's two consecutive codes, within `window` steps of now. */
const codesStep = (ctx: ActionContext, device: MfaDeviceData, input: CodesInput, window: number): number =>
  consecutiveCodes(openSeed(ctx.services, device), input.AuthenticationCode1, input.AuthenticationCode2, ctx.now.getTime(), window);

/** Rewrites the device at its version (its serial number stays its secondary id). */
async function putDevice(tx: WriteTx, device: Item<MfaDeviceData>, data: MfaDeviceData): Promise<void> {
  await tx.put({ account: device.account, kind: KIND.mfaDevice, key: device.key, id: data.serialNumber, data }, device.version);
}

export const enableMfaDevice = action({
  service: 'iam',
  name: 'EnableMFADevice',
  params: codesParams,
  resource: impliedUserResource,
  deniedAs: deniedUser,
  async handler(ctx, input) {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const device = await getDevice(tx, account, input.SerialNumber);
      if (device.data.userName !== undefined) throw EntityAlreadyExists('MFA Device is already in use.');
      const step = codesStep(ctx, device.data, input, ENABLE_WINDOW);
      await putDevice(tx, device, { ...device.data, userName: user.data.name, enableDate: iso(ctx.now), lastStep: step });
      await tx.put({ account, kind: KIND.userMfa, key: `${user.key}/${device.key}`, data: { serialNumber: device.data.serialNumber } }, 0);
    });
    return undefined;
  },
});

export const resyncMfaDevice = action({
  service: 'iam',
  name: 'ResyncMFADevice',
  params: codesParams,
  resource: impliedUserResource,
  deniedAs: deniedUser,
  async handler(ctx, input) {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const device = await getDevice(tx, account, input.SerialNumber);
      if (!enabledFor(device, user.key)) throw noSuchUserDevice(input.SerialNumber);
      await putDevice(tx, device, { ...device.data, lastStep: codesStep(ctx, device.data, input, RESYNC_WINDOW) });
    });
    return undefined;
  },
});

export const deactivateMfaDevice = action({
  service: 'iam',
  name: 'DeactivateMFADevice',
  params: { UserName: existingUserName, SerialNumber: { ...serialNumber, required: true } },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const userName = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, userName);
      const device = await findDevice(tx, account, input.SerialNumber);
      if (!enabledFor(device, user.key)) throw noSuchUserDevice(input.SerialNumber);
      const d = device.data;
      await putDevice(tx, device, { serialNumber: d.serialNumber, name: d.name, path: d.path, sealedSeed: d.sealedSeed, createdAt: d.createdAt, tags: d.tags });
      await tx.delete(account, KIND.userMfa, `${user.key}/${device.key}`);
    });
    return undefined;
  },
});
