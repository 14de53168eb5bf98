/**
 * AllowUsersToChangePassword: "Gives IAM users permissions to iam:ChangePassword for only their
 * user and to the iam:GetAccountPasswordPolicy action. This option does not attach a permissions
 * policy to each user, rather the permissions are applied at the account-level for all users by
 * IAM." (PasswordPolicy, IAM API Reference.) Modelled as one more identity policy of every IAM
 * user while the option is on — the document of AWS's IAMUserChangePassword managed policy — so an
 * explicit Deny, a permissions boundary or an SCP still limits it, as they limit any grant.
 */
import type { PolicyInput } from '../../policy/index.js';
import type { ReadTx } from '../../store/types.js';
import { findPasswordPolicy } from './policy.js';

const DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}'] },
    { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
  ],
});

const GRANT: PolicyInput = Object.freeze({ id: 'AllowUsersToChangePassword', document: DOCUMENT });

/** The account-level grant for IAM users of `account`, when its password policy allows them to change their password. */
export async function passwordSelfService(tx: ReadTx, account: string): Promise<PolicyInput | undefined> {
  const policy = await findPasswordPolicy(tx, account);
  return policy?.allowUsersToChangePassword === true ? GRANT : undefined;
}
