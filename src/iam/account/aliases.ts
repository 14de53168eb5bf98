/**
 * iam:CreateAccountAlias, ListAccountAliases, DeleteAccountAlias —
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html
 * https://docs.aws.amazon.com/signin/latest/userguide/CreateAccountAlias.html
 * "Your AWS account can have only one alias. If you create a new alias for your AWS account, the
 * new alias overwrites the previous alias"; an alias "must be unique across all Amazon Web Services
 * products within a given network partition" — here, across every account of this deployment.
 * The alias is one item per account whose secondary id is the alias itself: the store's unique
 * (kind, id) index makes two accounts taking one alias at once impossible, not merely unlikely.
 * AWS shows the alias in the account's sign-in URL (https://ALIAS.signin.aws.amazon.com/console)
 * and in ListAccountAliases; no other API answer carries it (not GetAccountSummary, not the
 * credential report, not STS), so neither does Rolegate's.
 * None of the three takes a resource in the Service Authorization Reference: only "*" grants them.
 */
import { action } from '../../core/action.js';
import { EntityAlreadyExists, NoSuchEntity } from '../../core/errors.js';
import type { Pattern } from '../../core/input.js';
import { ConflictError, type ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { marker, maxItems } from '../shapes.js';

/** botocore accountAliasType: lower-case letters, digits and single dashes, not at either end. */
const ALIAS: Pattern = { re: /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, text: '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$' };
const accountAlias = { type: 'string', min: 3, max: 63, pattern: ALIAS, required: true } as const;

/** The one alias item of an account. */
const ALIAS_KEY = 'alias';

export interface AccountAliasData {
  readonly alias: string;
  readonly createdAt: string;
}

export async function accountAliasOf(tx: ReadTx, account: string): Promise<string | undefined> {
  return (await tx.get<AccountAliasData>(account, KIND.accountAlias, ALIAS_KEY))?.data.alias;
}

const taken = (alias: string) => EntityAlreadyExists(`The account alias ${alias} already exists.`);

export const createAccountAlias = action({
  service: 'iam',
  name: 'CreateAccountAlias',
  params: { AccountAlias: accountAlias },
  resource: () => '*',
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const alias = input.AccountAlias;
    try {
      await ctx.store.write(async (tx) => {
        const owner = await tx.getById<AccountAliasData>(KIND.accountAlias, alias);
        if (owner !== undefined) {
          if (owner.account === account) return; // already this account's alias: nothing changes
          throw taken(alias);
        }
        // Replaces the account's previous alias, if any (one alias per account).
        await tx.put<AccountAliasData>({ account, kind: KIND.accountAlias, key: ALIAS_KEY, id: alias, data: { alias, createdAt: ctx.now.toISOString() } });
      });
    } catch (e) {
      // Another account took the alias between our read and our write (the unique index said so).
      if (e instanceof ConflictError) throw taken(alias);
      throw e;
    }
    return undefined;
  },
});

export const deleteAccountAlias = action({
  service: 'iam',
  name: 'DeleteAccountAlias',
  params: { AccountAlias: accountAlias },
  resource: () => '*',
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const item = await tx.get<AccountAliasData>(account, KIND.accountAlias, ALIAS_KEY);
      if (item === undefined || item.data.alias !== input.AccountAlias) throw NoSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
      await tx.delete(account, KIND.accountAlias, ALIAS_KEY, item.version);
    });
    return undefined;
  },
});

/** At most one alias: a page never goes on, whatever MaxItems says. */
export const listAccountAliases = action({
  service: 'iam',
  name: 'ListAccountAliases',
  params: { Marker: marker, MaxItems: maxItems },
  resource: () => '*',
  handler: async (ctx) => {
    const alias = await ctx.store.read((tx) => accountAliasOf(tx, ctx.caller.account));
    return { AccountAliases: alias === undefined ? [] : [alias], IsTruncated: false };
  },
});
