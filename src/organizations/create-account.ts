/**
 * organizations:CreateAccount — asynchronous in AWS: the answer is a CreateAccountStatus in
 * state IN_PROGRESS whose Id DescribeCreateAccountStatus follows. Rolegate does the work at
 * once and keeps the outcome (SUCCEEDED, or FAILED with EMAIL_ALREADY_EXISTS: AWS reports a
 * taken email through the status, not as an error).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
 * Authorization: `*` with aws:RequestTag/… and aws:TagKeys (Service Authorization Reference).
 */
import { iso } from '../iam/model.js';
import type { Tag } from '../iam/shapes.js';
import { action } from '../core/action.js';
import { GLOBAL } from '../core/accounts.js';
import { InvalidInput } from './errors.js';
import { managedOrganization } from './lookup.js';
import { DEFAULT_ROLE_NAME } from './member-role.js';
import { type CreateAccountStatusData, ORG_KIND, emailKey } from './model.js';
import { newCreateAccountRequestId } from './ids.js';
import { provisionAccount } from './new-account.js';
import { createAccountStatusOutput } from './present.js';
import { createAccountName, email, iamUserAccessToBilling, roleName, tags } from './shapes.js';
import { requestTagContext } from '../iam/tags.js';

interface Input {
  readonly Email: string;
  readonly AccountName: string;
  readonly RoleName?: string;
  readonly IamUserAccessToBilling?: 'ALLOW' | 'DENY';
  readonly Tags?: readonly Tag[];
}

function checkInput(input: Input): void {
  // InvalidInputException reasons: "A role name can't begin with the reserved prefix AWSServiceRoleFor."
  if (input.RoleName?.startsWith('AWSServiceRoleFor')) {
    throw InvalidInput('INVALID_ROLE_NAME', "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.");
  }
  const keys = new Set<string>();
  for (const t of input.Tags ?? []) {
    if (keys.has(t.Key)) throw InvalidInput('DUPLICATE_TAG_KEY', 'Tag keys must be unique among the tags attached to the same entity.');
    keys.add(t.Key);
  }
}

export const createAccount = action({
  service: 'organizations',
  name: 'CreateAccount',
  params: {
    Email: { ...email, required: true },
    AccountName: { ...createAccountName, required: true },
    RoleName: roleName,
    IamUserAccessToBilling: iamUserAccessToBilling,
    Tags: tags,
  },
  resource: () => '*',
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    checkInput(input);
    const now = iso(ctx.now);
    const status = await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const id = newCreateAccountRequestId(ctx.services.random);
      const base = { id, accountName: input.AccountName, requestedAt: now, completedAt: now };
      let data: CreateAccountStatusData;
      if ((await tx.get(GLOBAL, ORG_KIND.email, emailKey(input.Email))) !== undefined) {
        data = { ...base, state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS' };
      } else {
        const accountId = await provisionAccount(
          tx,
          org,
          {
            name: input.AccountName,
            email: input.Email,
            roleName: input.RoleName ?? DEFAULT_ROLE_NAME,
            ...(input.IamUserAccessToBilling === undefined ? {} : { iamUserAccessToBilling: input.IamUserAccessToBilling }),
            tags: input.Tags ?? [],
          },
          now,
          ctx.services.random,
        );
        data = { ...base, state: 'SUCCEEDED', accountId };
      }
      await tx.put<CreateAccountStatusData>({ account: org.managementAccountId, kind: ORG_KIND.createAccountStatus, key: id, data }, 0);
      return data;
    });
    // The first answer is always IN_PROGRESS, as AWS's is; the outcome is read back later.
    return { CreateAccountStatus: createAccountStatusOutput({ id: status.id, accountName: status.accountName, state: 'IN_PROGRESS', requestedAt: status.requestedAt }) };
  },
});
