/**
 * iam:DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
 */
import { DeleteConflict } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { getUser, impliedUserName, impliedUserResource, userSummary } from '../users/common.js';
import { listPage } from '../users/paging.js';
import { KIND, type MfaDeviceData, type UserData, nameKey } from '../model.js';
import { existingUserName, paging } from '../shapes.js';
import { findDevice, mfaArn, noSuchUserDevice, serialNumber } from './common.js';
import { deniedUser } from '../denied-as.js';

export const deleteVirtualMfaDevice = action({
  service: 'iam',
  name: 'DeleteVirtualMFADevice',
  params: { SerialNumber: { ...serialNumber, required: true } },
  resource: (input) => input.SerialNumber,
  async handler(ctx, input) {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      // LocalStack test_iam_mfa.py::test_virtual_mfa_device_errors "delete-nonexistent-error", recorded against AWS.
      const device = await findDevice(tx, account, input.SerialNumber);
      if (device === undefined) throw noSuchUserDevice(input.SerialNumber);
      if (device.data.userName !== undefined) throw DeleteConflict('MFA Device is still in use.');
      await tx.delete(account, KIND.mfaDevice, device.key, device.version);
    });
    return undefined;
  },
});

export const listMfaDevices = action({
  service: 'iam',
  name: 'ListMFADevices',
  params: { UserName: existingUserName, ...paging },
  resource: impliedUserResource,
  deniedAs: deniedUser,
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const userName = impliedUserName(input, ctx.caller);
    return ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, userName);
      const page = await listPage<{ serialNumber: string }>(tx, account, KIND.userMfa, { ...input, prefix: `${user.key}/` });
      const devices = [];
      for (const item of page.items) {
        const d = await tx.getById<MfaDeviceData>(KIND.mfaDevice, item.data.serialNumber);
        if (d !== undefined) devices.push({ UserName: user.data.name, SerialNumber: d.data.serialNumber, EnableDate: new Date(d.data.enableDate ?? d.data.createdAt) });
      }
      return { MFADevices: devices, IsTruncated: page.IsTruncated, Marker: page.Marker };
    });
  },
});

export const listVirtualMfaDevices = action({
  service: 'iam',
  name: 'ListVirtualMFADevices',
  params: { AssignmentStatus: { type: 'string', enum: ['Assigned', 'Unassigned', 'Any'] }, ...paging },
  resource: (_input, caller) => mfaArn(caller.account, '/', ''),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const status = input.AssignmentStatus ?? 'Any';
    return ctx.store.read(async (tx) => {
      const page = await listPage<MfaDeviceData>(tx, account, KIND.mfaDevice, {
        ...input,
        filter: (i) => status === 'Any' || (status === 'Assigned') === (i.data.userName !== undefined),
      });
      const devices = [];
      for (const { data: d } of page.items) {
        const user = d.userName === undefined ? undefined : await tx.get<UserData>(account, KIND.user, nameKey(d.userName));
        devices.push({
          SerialNumber: d.serialNumber,
          User: user === undefined ? undefined : userSummary(user.data),
          EnableDate: d.enableDate === undefined ? undefined : new Date(d.enableDate),
          Tags: d.tags.length === 0 ? undefined : d.tags,
        });
      }
      return { VirtualMFADevices: devices, IsTruncated: page.IsTruncated, Marker: page.Marker };
    });
  },
});
