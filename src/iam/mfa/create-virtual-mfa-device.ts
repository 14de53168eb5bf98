/**
 * iam:CreateVirtualMFADevice — a TOTP seed returned once (Base32StringSeed and a QR code PNG of
 * the otpauth URI) and kept sealed at rest.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html
 */
import QRCode from 'qrcode';
import { base32 } from '../../credentials/totp.js';
import { ConflictError } from '../../store/types.js';
import { EntityAlreadyExists } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { SEAL } from '../../core/services.js';
import { KIND, type MfaDeviceData, iso, nameKey } from '../model.js';
import { tags } from '../shapes.js';
import { requestTagContext } from '../tags.js';
import { checkDevicePath, deviceName, devicePath as pathSpec, mfaArn } from './common.js';

export const createVirtualMfaDevice = action({
  service: 'iam',
  name: 'CreateVirtualMFADevice',
  params: { VirtualMFADeviceName: { ...deviceName, required: true }, Path: pathSpec, Tags: tags },
  // The path is checked before the call is authorized, as every other member is.
  resource: (input, caller) => {
    checkDevicePath(input.Path ?? '/');
    return mfaArn(caller.account, input.Path ?? '/', input.VirtualMFADeviceName);
  },
  context: (input) => requestTagContext(input.Tags),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const devicePath = input.Path ?? '/';
    checkDevicePath(devicePath);
    const serial = mfaArn(account, devicePath, input.VirtualMFADeviceName);
    const seed = Buffer.from(ctx.services.random(20));
    const seedText = base32(seed);
    const device: MfaDeviceData = {
      serialNumber: serial,
      name: input.VirtualMFADeviceName,
      path: devicePath,
      sealedSeed: ctx.services.sealer.seal(seed.toString('base64'), SEAL.mfaSeed),
      createdAt: iso(ctx.now),
      tags: input.Tags ?? [],
    };
    try {
      await ctx.store.write((tx) => tx.put({ account, kind: KIND.mfaDevice, key: nameKey(input.VirtualMFADeviceName), id: serial, data: device }, 0));
    } catch (e) {
      // LocalStack test_iam_mfa.py::test_virtual_mfa_device_errors "create-duplicate-error", recorded against AWS.
      if (e instanceof ConflictError) throw EntityAlreadyExists('MFA device already exists.');
      throw e;
    }
    const uri = `otpauth://totp/${encodeURIComponent(`${input.VirtualMFADeviceName}@${account}`)}?secret=${seedText}`;
    const png = await QRCode.toBuffer(uri, { type: 'png' });
    return {
      VirtualMFADevice: {
        SerialNumber: serial,
        // Blobs travel base64-encoded: the SDKs hand back the base32 text's bytes and the PNG.
        Base32StringSeed: Buffer.from(seedText, 'ascii').toString('base64'),
        QRCodePNG: png.toString('base64'),
        Tags: input.Tags === undefined || input.Tags.length === 0 ? undefined : input.Tags,
      },
    };
  },
});
