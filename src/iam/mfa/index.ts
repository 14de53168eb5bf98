import type { AnyAction } from '../../core/action.js';
import { createVirtualMfaDevice } from './create-virtual-mfa-device.js';
import { deactivateMfaDevice, enableMfaDevice, resyncMfaDevice } from './enable.js';
import { deleteVirtualMfaDevice, listMfaDevices, listVirtualMfaDevices } from './manage.js';

export const mfaActions: readonly AnyAction[] = [
  createVirtualMfaDevice,
  enableMfaDevice,
  resyncMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  listMfaDevices,
  listVirtualMfaDevices,
];
