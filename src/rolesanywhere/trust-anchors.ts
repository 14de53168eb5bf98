/**
 * rolesanywhere Create/Get/Update/Delete/Enable/Disable/ListTrustAnchors. Each is authorized as
 * `rolesanywhere:<Action>` on the anchor's ARN (`arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID`);
 * Create and List act on no resource type in the Service Authorization Reference (`*`), Create
 * with aws:RequestTag/… and aws:TagKeys of its tags.
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_Operations.html
 */
import { type ActionContext, action } from '../core/action.js';
import { NoSuchEntity, ValidationError } from '../core/errors.js';
import type { InputOf } from '../core/input.js';
import type { WriteTx } from '../store/types.js';
import { checkCaBundle } from './ca-certificate.js';
import { crlItemsOf } from './crl-records.js';
import { CRL_KIND, DEFAULT_SETTINGS, TRUST_ANCHOR_KIND, type TrustAnchorData, settingsWith, trustAnchorArn, trustAnchorKey, trustAnchorView } from './model.js';
import { listParams, notificationSettings, resourceName, source, tagList, uuid } from './shapes.js';
import { checkTags, requestTagContext } from './tags.js';

/** A random (version 4) UUID from the server's random source. */
export function newUuid(ctx: ActionContext): string {
  const b = ctx.services.random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

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

const notFound = () => NoSuchEntity('Resource not found');

/** The anchor an id names in the caller's account and Region, or ResourceNotFoundException. */
async function anchorIn(tx: Pick<WriteTx, 'get'>, ctx: ActionContext, id: string) {
  const item = await tx.get<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, trustAnchorKey(ctx.region, id));
  if (item === undefined) throw notFound();
  return item;
}

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
  handler: (ctx, input) => ctx.store.read(async (tx) => ({ trustAnchor: trustAnchorView((await anchorIn(tx, ctx, input.trustAnchorId)).data) })),
});

/** One read-modify-write of an anchor in a single transaction (the item's version guards it). */
export function updateAnchor(ctx: ActionContext, id: string, change: (t: TrustAnchorData) => TrustAnchorData) {
  return ctx.store.write(async (tx) => {
    const item = await anchorIn(tx, ctx, id);
    const data = { ...change(item.data), updatedAt: ctx.now.toISOString() };
    await tx.put({ account: ctx.caller.account, kind: TRUST_ANCHOR_KIND, key: item.key, data }, item.version);
    return { trustAnchor: trustAnchorView(data) };
  });
}

export const updateTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'UpdateTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true }, name: resourceName, source },
  resource: anchorResource,
  handler: (ctx, input) => {
    const src = input.source === undefined ? undefined : checkedSource(input.source);
    return updateAnchor(ctx, input.trustAnchorId, (t) => ({ ...t, ...(input.name === undefined ? {} : { name: input.name }), ...(src === undefined ? {} : { sourceType: src.sourceType, x509CertificateData: src.x509CertificateData, acmPcaArn: src.acmPcaArn }) }));
  },
});

export const enableTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'EnableTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) => updateAnchor(ctx, input.trustAnchorId, (t) => ({ ...t, enabled: true })),
});

export const disableTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'DisableTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) => updateAnchor(ctx, input.trustAnchorId, (t) => ({ ...t, enabled: false })),
});

export const deleteTrustAnchor = action({
  service: 'rolesanywhere',
  name: 'DeleteTrustAnchor',
  params: { trustAnchorId: { ...uuid, required: true } },
  resource: anchorResource,
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const item = await anchorIn(tx, ctx, input.trustAnchorId);
      // Its CRLs go with it: a CRL serves only its anchor (ImportCrl, UpdateCrl verify with its CAs).
      for (const crl of await crlItemsOf(tx, ctx.caller.account, ctx.region, item.data.trustAnchorArn)) await tx.delete(ctx.caller.account, CRL_KIND, crl.key, crl.version);
      await tx.delete(ctx.caller.account, TRUST_ANCHOR_KIND, item.key, item.version);
      return { trustAnchor: trustAnchorView(item.data) };
    }),
});

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

/** nextToken: the last key returned, base64url — opaque to the caller, checked when it comes back. */
export function pageAfter(token: string | undefined, prefix: string): string | undefined {
  if (token === undefined) return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (!key.startsWith(prefix) || Buffer.from(key, 'utf8').toString('base64url') !== token) throw ValidationError('Invalid nextToken.');
  return key;
}

export function pageSizeOf(pageSize: number | undefined): number {
  if (pageSize === undefined) return DEFAULT_PAGE;
  if (pageSize < 1 || pageSize > MAX_PAGE) throw ValidationError(`1 validation error detected: Value '${pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE}`);
  return pageSize;
}

export const listTrustAnchors = action({
  service: 'rolesanywhere',
  name: 'ListTrustAnchors',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const prefix = `${ctx.region}/`;
      const size = pageSizeOf(input.pageSize);
      const after = pageAfter(input.nextToken, prefix);
      const items = await tx.list<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, { prefix, ...(after === undefined ? {} : { after }), limit: size + 1 });
      const page = items.slice(0, size);
      const more = items.length > size;
      return { nextToken: more ? Buffer.from(page[page.length - 1]!.key, 'utf8').toString('base64url') : undefined, trustAnchors: page.map((i) => trustAnchorView(i.data)) };
    }),
});

export const trustAnchorActions = [createTrustAnchor, getTrustAnchor, updateTrustAnchor, deleteTrustAnchor, enableTrustAnchor, disableTrustAnchor, listTrustAnchors];
