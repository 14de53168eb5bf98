/**
 * MFA for AssumeRole and GetSessionToken: SerialNumber names a virtual MFA device enabled for the
 * calling IAM user and TokenCode must be its current code (±1 step for clock drift), never one
 * already accepted. Anything else is AWS's AccessDenied.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
import { matchingStep, stepAt } from '../credentials/totp.js';
import { KIND, type MfaDeviceData } from '../iam/model.js';
import { openSeed } from '../iam/mfa/common.js';
import { AccessDenied } from '../core/errors.js';
import type { ActionContext } from '../core/action.js';

const UNABLE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
const INVALID = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';

/** Returns when the code is good (and records its step); throws AccessDenied otherwise. */
export async function verifyMfa(ctx: ActionContext, serial: string, code: string | undefined): Promise<void> {
  const caller = ctx.caller;
  await ctx.store.write(async (tx) => {
    const device = await tx.getById<MfaDeviceData>(KIND.mfaDevice, serial);
    if (
      device === undefined ||
      device.account !== caller.account ||
      caller.userName === undefined ||
      device.data.userName?.toLowerCase() !== caller.userName.toLowerCase()
    ) {
      throw AccessDenied(UNABLE);
    }
    const step = code === undefined ? undefined : matchingStep(openSeed(ctx.services, device.data), code, stepAt(ctx.now.getTime()), 1);
    if (step === undefined || step <= (device.data.lastStep ?? -1)) throw AccessDenied(INVALID);
    await tx.put({ account: device.account, kind: KIND.mfaDevice, key: device.key, id: serial, data: { ...device.data, lastStep: step } }, device.version);
  });
}
