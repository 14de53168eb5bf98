/**
 * rolesanywhere Create/Get/Update/Delete/Enable/Disable/ListTrustAnchors. Each is authorized as
 * `rolesanywhere:<Action>` on the anchor's ARN (`arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID`);
 * Create and List act on no resource type in the Service Authorization Reference (`*`), Create
 * with aws:RequestTag/… and aws:TagKeys of its tags.
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_Operations.html
 */
import { type ActionContext, action } from '../core/action.js';
import { ValidationError } from '../core/errors.js';
import type { InputOf } from '../core/input.js';
import { checkCaBundle } from './ca-certificate.js';
import { crlItemsOf } from './crl-records.js';
import { CRL_KIND, DEFAULT_SETTINGS, TRUST_ANCHOR_KIND, type TrustAnchorData, settingsWith, trustAnchorArn, trustAnchorKey, trustAnchorView } from './model.js';
import { type ResourceType, deleteItem, getItem, listItems, newUuid, setEnabled, updateItem } from './resources.js';
import { listParams, notificationSettings, resourceName, source, tagList, uuid } from './shapes.js';
import { checkTags, requestTagContext } from './tags.js';

type SourceInput = InputOf<{ s: typeof source }>['s'];

/**
 * The anchor's source, checked: a CERTIFICATE_BUNDLE of PEM CA certificates, or an AWS_ACM_PCA
 * CA — which does not exist here, so refused with AWS's answer for a CA it cannot read.
 * SELF_SIGNED_REPOSITORY is modeled but not accepted by the API.
 */
function checkedSource(s: SourceInput | undefined): Pick<TrustAnchorData, 'sourceType' | 'x509CertificateData' | 'acmPcaArn'> {
  const type = s?.sourceType;
  const data = s?.sourceData;
  if (type === 'CERTIFICATE_BUNDLE') {
    const pem = data?.x509CertificateData;
    if (pem === undefined || data?.acmPcaArn !== undefined) throw ValidationError('Error creating TrustAnchor. A CERTIFICATE_BUNDLE source takes x509CertificateData only.');
    checkCaBundle(pem);
    return { sourceType: type, x509CertificateData: pem };
  }
  if (type === 'AWS_ACM_PCA') {
    // Real AWS, for a CA it cannot read (none exists here): ValidationException, this message.
    throw ValidationError('Error creating TrustAnchor. Given AWS PCA did not allow get request.');
  }
  throw ValidationError(`Error creating TrustAnchor. Unsupported sourceType: ${type ?? 'none'}. Use CERTIFICATE_BUNDLE or AWS_ACM_PCA.`);
}

/** Trust anchors as resources.ts handles them. */
export const TRUST_ANCHOR: ResourceType<TrustAnchorData> = { kind: TRUST_ANCHOR_KIND, member: 'trustAnchor', view: trustAnchorView };

const anchorResource = (input: { readonly trustAnchorId: string }, caller: { readonly account: string }, ctx: ActionContext): string => trustAnchorArn(ctx.region, caller.account, input.trustAnchorId);

export const createTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'CreateTrustAnchor',
  params: { name: { ...resourceName, required: true }, source: { ...source, required: true }, enabled: { type: 'boolean' }, tags: tagList, notificationSettings },
  resource: () => '*',
  context: (input) => requestTagContext(input.tags),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const src = checkedSource(input.source);
    const tags = checkTags(input.tags ?? [], []);
    const id = newUuid(ctx);
    const now = ctx.now.toISOString();
    const data: TrustAnchorData = {
      trustAnchorId: id,
      trustAnchorArn: trustAnchorArn(ctx.region, account, id),
      name: input.name,
      ...src,
      enabled: input.enabled ?? false,
      createdAt: now,
      updatedAt: now,
      notificationSettings: settingsWith(DEFAULT_SETTINGS, input.notificationSettings ?? [], account),
      tags,
    };
    await ctx.store.write((tx) => tx.put({ account, kind: TRUST_ANCHOR_KIND, key: trustAnchorKey(ctx.region, id), data }, 0));
    return { trustAnchor: trustAnchorView(data) };
  },
});

export const getTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'GetTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) => getItem(ctx, TRUST_ANCHOR, input.trustAnchorId),
});

export const updateTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'UpdateTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true }, name: resourceName, source },
  resource: anchorResource,
  handler: (ctx, input) => {
    const src = input.source === undefined ? undefined : checkedSource(input.source);
    return updateItem(ctx, TRUST_ANCHOR, input.trustAnchorId, (t) => ({ ...t, ...(input.name === undefined ? {} : { name: input.name }), ...(src === undefined ? {} : { sourceType: src.sourceType, x509CertificateData: src.x509CertificateData, acmPcaArn: src.acmPcaArn }) }));
  },
});

export const enableTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'EnableTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) => setEnabled(ctx, TRUST_ANCHOR, input.trustAnchorId, true),
});

export const disableTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'DisableTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) => setEnabled(ctx, TRUST_ANCHOR, input.trustAnchorId, false),
});

export const deleteTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'DeleteTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  // Its CRLs go with it: a CRL serves only its anchor (ImportCrl, UpdateCrl verify with its CAs).
  handler: (ctx, input) =>
    deleteItem(ctx, TRUST_ANCHOR, input.trustAnchorId, async (tx, item) => {
      for (const crl of await crlItemsOf(tx, ctx.caller.account, ctx.region, item.data.trustAnchorArn)) await tx.delete(ctx.caller.account, CRL_KIND, crl.key, crl.version);
    }),
});

export const listTrustAnchors = action({
  service: 'rolesanywhere',
  name: 'ListTrustAnchors',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) => listItems(ctx, TRUST_ANCHOR_KIND, input, 'trustAnchors', trustAnchorView),
});

export const trustAnchorActions = [createTrustAnchor, getTrustAnchor, updateTrustAnchor, deleteTrustAnchor, enableTrustAnchor, disableTrustAnchor, listTrustAnchors];
