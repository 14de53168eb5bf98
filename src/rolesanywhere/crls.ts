/**
 * rolesanywhere ImportCrl / GetCrl / UpdateCrl / DeleteCrl / EnableCrl / DisableCrl / ListCrls:
 * certificate revocation lists of a trust anchor's CAs, which CreateSession checks
 * (crl-records.ts `enabledCrlsFor`). A CRL is accepted only when its signature verifies with a CA
 * certificate of the named trust anchor (crl.ts), which must exist in the caller's account and
 * Region: ImportCrl models no ResourceNotFoundException, so an unknown anchor is a
 * ValidationException, as a CRL that does not verify is
 * (https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_ImportCrl.html). A new CRL is
 * enabled unless `enabled` is false: the API reference gives no default, and a revocation list
 * that silently did nothing until enabled would be the unsafe reading.
 * crlData is kept as DER (a PEM CRL is stored decoded) and returned base64, the Blob on the JSON wire.
 * Authorized as `rolesanywhere:<Action>` on `arn:aws:rolesanywhere:REGION:ACCOUNT:crl/ID`; Import
 * and List on `*` (Service Authorization Reference), Import with aws:RequestTag/… and aws:TagKeys.
 */
import { type ActionContext, action } from '../core/action.js';
import { ValidationError } from '../core/errors.js';
import type { ReadTx } from '../store/types.js';
import { anchorCertificates } from './anchor-certificates.js';
import { importCrl } from './crl.js';
import { CRL_KIND, type CrlData, TRUST_ANCHOR_ARN as ANCHOR_ARN, TRUST_ANCHOR_KIND, type TrustAnchorData, crlArn, crlKey, crlView, trustAnchorKey } from './model.js';
import { MAX_CRL_DATA, crlData, listParams, resourceName, tagList, trustAnchorArnShape, uuid } from './shapes.js';
import { checkTags, requestTagContext } from './tags.js';
import { type ResourceType, deleteItem, getItem, itemIn, listItems, newUuid, setEnabled, updateItem } from './resources.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The Blob's bytes: strict base64 of 1–300000 bytes (the model's length constraint is on the bytes). */
function blobBytes(text: string): Buffer {
  if (!BASE64.test(text)) throw ValidationError("1 validation error detected: Value at 'crlData' failed to satisfy constraint: Member must be base64-encoded binary data");
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 1 || bytes.length > MAX_CRL_DATA) throw ValidationError(`1 validation error detected: Value at 'crlData' failed to satisfy constraint: Member must have length ${bytes.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_CRL_DATA}`}`);
  return bytes;
}


/** The trust anchor an ARN names in the caller's account and Region, or undefined. */
async function anchorOfArn(tx: Pick<ReadTx, 'get'>, ctx: ActionContext, arn: string) {
  const m = ANCHOR_ARN.exec(arn);
  if (m === null || m[1] !== ctx.region || m[2] !== ctx.caller.account) return undefined;
  const item = await tx.get<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, trustAnchorKey(ctx.region, m[3]!));
  return item !== undefined && item.data.trustAnchorArn === arn ? item : undefined;
}

type AnchorItem = NonNullable<Awaited<ReturnType<typeof anchorOfArn>>>;

/**
 * The CRL's DER, base64, once its signature verifies with a CA certificate of `anchor`, the trust
 * anchor the CRL names in the caller's account and Region; ValidationException otherwise.
 */
function verifiedCrl(anchor: AnchorItem | undefined, bytes: Buffer): string {
  if (anchor === undefined) throw ValidationError('Trust anchor not found: the CRL must name a trust anchor of this account and Region.');
  const cas = anchorCertificates(anchor.data);
  if (cas.length === 0) throw ValidationError('The CRL cannot be verified: the trust anchor holds no CA certificate.');
  const read = importCrl(bytes, cas);
  if (!read.ok) throw ValidationError(`Invalid CRL. ${read.message}`);
  return read.crl.der.toString('base64');
}

/**
 * A CRL verified with the anchor `trustAnchorArn` names, for use in the write transaction `tx`:
 * parsed and verified before it (`checked`, from a read — a large CRL takes tens of
 * milliseconds, not to be spent holding the write lock), and again inside only if the anchor
 * changed in between.
 */
async function verifiedIn(tx: Pick<ReadTx, 'get'>, ctx: ActionContext, trustAnchorArn: string, bytes: Buffer, checked: { readonly version: number; readonly der: string }): Promise<string> {
  const anchor = await anchorOfArn(tx, ctx, trustAnchorArn);
  return anchor !== undefined && anchor.version === checked.version ? checked.der : verifiedCrl(anchor, bytes);
}

/** Verifies `bytes` with the anchor as a read sees it now (see verifiedIn). */
async function verifiedBefore(ctx: ActionContext, trustAnchorArn: string, bytes: Buffer): Promise<{ readonly version: number; readonly der: string }> {
  const anchor = await ctx.store.read((tx) => anchorOfArn(tx, ctx, trustAnchorArn));
  return { version: anchor?.version ?? 0, der: verifiedCrl(anchor, bytes) };
}

/** CRLs as resources.ts handles them. */
const CRL: ResourceType<CrlData> = { kind: CRL_KIND, member: 'crl', view: crlView };

const crlResource = (input: { readonly crlId: string }, caller: { readonly account: string }, ctx: ActionContext): string => crlArn(ctx.region, caller.account, input.crlId);

export const importCrlAction = action({
  service: 'rolesanywhere',
  name: 'ImportCrl',
  params: { name: { ...resourceName, required: true }, crlData: { ...crlData, required: true }, enabled: { type: 'boolean' }, tags: tagList, trustAnchorArn: { ...trustAnchorArnShape, required: true } },
  resource: () => '*',
  context: (input) => requestTagContext(input.tags),
  handler: (ctx, input) => {
    const account = ctx.caller.account;
    const bytes = blobBytes(input.crlData);
    const tags = checkTags(input.tags ?? [], []);
    const id = newUuid(ctx);
    const now = ctx.now.toISOString();
    return verifiedBefore(ctx, input.trustAnchorArn, bytes).then((checked) => ctx.store.write(async (tx) => {
      const der = await verifiedIn(tx, ctx, input.trustAnchorArn, bytes, checked);
      const data: CrlData = { crlId: id, crlArn: crlArn(ctx.region, account, id), name: input.name, enabled: input.enabled ?? true, crlData: der, trustAnchorArn: input.trustAnchorArn, createdAt: now, updatedAt: now, tags };
      await tx.put({ account, kind: CRL_KIND, key: crlKey(ctx.region, id), data }, 0);
      return { crl: crlView(data) };
    }));
  },
});

export const getCrl = action({
  service: 'rolesanywhere',
  name: 'GetCrl',
  params: { crlId: { ...uuid, required: true } },
  resource: crlResource,
  handler: (ctx, input) => getItem(ctx, CRL, input.crlId),
});

export const updateCrl = action({
  service: 'rolesanywhere',
  name: 'UpdateCrl',
  params: { crlId: { ...uuid, required: true }, name: resourceName, crlData },
  resource: crlResource,
  handler: async (ctx, input) => {
    const bytes = input.crlData === undefined ? undefined : blobBytes(input.crlData);
    // A new list is verified with the CRL's own trust anchor (which no call changes), as at import.
    const checked = bytes === undefined ? undefined : await verifiedBefore(ctx, (await ctx.store.read((tx) => itemIn(tx, ctx, CRL, input.crlId))).data.trustAnchorArn, bytes);
    return updateItem(ctx, CRL, input.crlId, async (c, tx) => ({
      ...c,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(bytes === undefined || checked === undefined ? {} : { crlData: await verifiedIn(tx, ctx, c.trustAnchorArn, bytes, checked) }),
    }));
  },
});

export const enableCrl = action({
  service: 'rolesanywhere',
  name: 'EnableCrl',
  params: { crlId: { ...uuid, required: true } },
  resource: crlResource,
  handler: (ctx, input) => setEnabled(ctx, CRL, input.crlId, true),
});

export const disableCrl = action({
  service: 'rolesanywhere',
  name: 'DisableCrl',
  params: { crlId: { ...uuid, required: true } },
  resource: crlResource,
  handler: (ctx, input) => setEnabled(ctx, CRL, input.crlId, false),
});

export const deleteCrl = action({
  service: 'rolesanywhere',
  name: 'DeleteCrl',
  params: { crlId: { ...uuid, required: true } },
  resource: crlResource,
  handler: (ctx, input) => deleteItem(ctx, CRL, input.crlId),
});

export const listCrls = action({
  service: 'rolesanywhere',
  name: 'ListCrls',
  params: listParams,
  resource: () => '*',
  handler: (ctx, input) => listItems(ctx, CRL_KIND, input, 'crls', crlView),
});

export const crlActions = [importCrlAction, getCrl, updateCrl, deleteCrl, enableCrl, disableCrl, listCrls];
