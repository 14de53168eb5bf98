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
import { path, tags } from '../shapes.js';
import { requestTagContext } from '../tags.js';
import { deviceName, mfaArn } from './common.js';

export const createVirtualMfaDevice = action({
  service: 'iam',
  name: 'CreateVirtualMFADevice',
  params: { VirtualMFADeviceName: { ...deviceName, required: true }, Path: path, Tags: tags },
  resource: (input, caller) => mfaArn(caller.account, input.Path ?? '/', input.VirtualMFADeviceName),
  context: (input) => requestTagContext(input.Tags),
  async handler(ctx, input) {
    const account = ctx.caller.account;
    const devicePath = input.Path ?? '/';
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
      if (e instanceof ConflictError) throw EntityAlreadyExists('MFADevice entity at the same path and name already exists.');
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
