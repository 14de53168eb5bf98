/**
 * organizations:ListAccounts — management account only; pages of at most MaxResults (1..20)
 * with an opaque NextToken (here the last account id returned, base64url-encoded).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 * Authorization: `*` (no resource type).
 */
import { action } from '../core/action.js';
import { InvalidInput } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ORG_KIND, type OrgAccountData } from './model.js';
import { accountOutput } from './present.js';
import { maxResults, nextToken } from './shapes.js';

const DEFAULT_PAGE = 20;

function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^\d{12}$/.test(key)) throw InvalidInput('INVALID_NEXT_TOKEN', 'The specified NextToken is not valid.');
  return key;
}

export const listAccounts = action({
  service: 'organizations',
  name: 'ListAccounts',
  params: { NextToken: nextToken, MaxResults: maxResults },
  resource: () => '*',
  handler: async (ctx, input) => {
    const after = decodeToken(input.NextToken);
    const limit = input.MaxResults ?? DEFAULT_PAGE;
    const { org, items } = await ctx.store.read(async (tx) => {
      const o = await managedOrganization(tx, ctx.caller.account);
      const list = await tx.list<OrgAccountData>(o.managementAccountId, ORG_KIND.account, { limit: limit + 1, ...(after === undefined ? {} : { after }) });
      return { org: o, items: list };
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      Accounts: page.map((i) => accountOutput(org, i.data)),
      NextToken: items.length > limit && last !== undefined ? Buffer.from(last.key, 'utf8').toString('base64url') : undefined,
    };
  },
});
