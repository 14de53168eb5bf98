/**
 * iam:ListPoliciesGrantingServiceAccess — for a user, group or role: for each service namespace
 * asked about, the identity policies that grant access to it. A user's include those of its
 * groups. Managed policies carry PolicyArn; inline ones EntityType and EntityName instead.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyGrantingServiceAccess.html
 */
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import type { Output } from '../../core/action.js';
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import type { UserGroupData } from '../groups/members.js';
import { type AttachmentData, type EntityType, type InlinePolicyData, KIND, nameKey } from '../model.js';
import { arn, marker } from '../shapes.js';
import { pageOf, pageTail } from '../policies/paging.js';
import { findPolicy } from '../policies/policy-ref.js';
import { grantsService, parseStored } from './service-grants.js';
import type { PolicyDocumentJson } from '../../policy/index.js';

interface Found {
  readonly view: { readonly [k: string]: Output };
  readonly doc: PolicyDocumentJson;
}

const ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:[^/]*\/)*([^/]+)$/;
const NAMESPACE = { type: 'string', min: 1, max: 64, pattern: { re: /^[\w-]*$/, text: '[\\w-]*' } } as const;
const UPPER = { user: 'USER', group: 'GROUP', role: 'ROLE' } as const;

async function policiesOf(tx: ReadTx, account: string, type: EntityType, key: string, name: string, out: Found[]): Promise<void> {
  const prefix = `${type}/${key}/`;
  for (const p of await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: 10_000 })) {
    const doc = parseStored(p.data.document);
    if (doc !== undefined) out.push({ doc, view: { PolicyName: p.data.name, PolicyType: 'INLINE', EntityType: UPPER[type], EntityName: name } });
  }
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: 10_000 })) {
    const doc = parseStored(await managedText(tx, account, a.data.policyArn));
    if (doc !== undefined) out.push({ doc, view: { PolicyName: a.data.policyName, PolicyType: 'MANAGED', PolicyArn: a.data.policyArn } });
  }
}

/** The default version's text of a managed policy (AWS's or the account's), '' when gone. */
async function managedText(tx: ReadTx, account: string, policyArn: string): Promise<string> {
  const ref = await findPolicy(tx, account, policyArn);
  if (ref === undefined) return '';
  if (ref.scope === 'aws') return ref.policy.document;
  return ref.policy.versions.find((v) => v.versionId === ref.policy.defaultVersionId)?.document ?? '';
}

export const listPoliciesGrantingServiceAccess = action({
  service: 'iam',
  name: 'ListPoliciesGrantingServiceAccess',
  params: { Marker: marker, Arn: { ...arn, required: true }, ServiceNamespaces: { type: 'list', member: NAMESPACE, min: 1, max: 200, required: true } },
  resource: (input) => input.Arn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const m = ENTITY_ARN.exec(input.Arn);
      if (m === null) throw InvalidInput(`ARN ${input.Arn} is not valid.`);
      const type = m[2] as EntityType;
      const name = m[3]!;
      const kind = type === 'user' ? KIND.user : type === 'group' ? KIND.group : KIND.role;
      const entity = m[1] === account ? await tx.get<{ name: string; arn: string }>(account, kind, nameKey(name)) : undefined;
      if (entity === undefined || entity.data.arn !== input.Arn) throw NoSuchEntity(`The ${type} with name ${name} cannot be found.`);
      const found: Found[] = [];
      await policiesOf(tx, account, type, entity.key, entity.data.name, found);
      if (type === 'user') {
        for (const g of await tx.list<UserGroupData>(account, KIND.userGroup, { prefix: `${entity.key}/`, limit: 10_000 })) {
          await policiesOf(tx, account, 'group', nameKey(g.data.groupName), g.data.groupName, found);
        }
      }
      // One entry per namespace asked about, in the order asked; pages of 100 namespaces.
      const namespaces = [...new Set<string>(input.ServiceNamespaces)].map((ns, i) => ({ ns, key: String(i).padStart(4, '0') }));
      const page = pageOf(namespaces, (n) => n.key, input);
      return {
        PoliciesGrantingServiceAccess: page.items.map(({ ns }) => ({ ServiceNamespace: ns, Policies: found.filter((f) => grantsService(f.doc, ns)).map((f) => f.view) })),
        ...pageTail(page),
      };
    }),
});
