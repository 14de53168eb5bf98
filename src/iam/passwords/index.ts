import type { AnyAction } from '../../core/action.js';
import { deleteAccountPasswordPolicy, getAccountPasswordPolicy, updateAccountPasswordPolicy } from './account-password-policy.js';
import { changePassword } from './change-password.js';
import { createLoginProfile } from './create-login-profile.js';
import { deleteLoginProfile, getLoginProfile, updateLoginProfile } from './login-profile.js';

export const passwordActions: readonly AnyAction[] = [
  createLoginProfile,
  getLoginProfile,
  updateLoginProfile,
  deleteLoginProfile,
  changePassword,
  getAccountPasswordPolicy,
  updateAccountPasswordPolicy,
  deleteAccountPasswordPolicy,
];

export { type PasswordCheck, verifyPassword } from './verify.js';
