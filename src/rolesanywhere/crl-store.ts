/**
 * Reading the CRLs imported for a trust anchor: the items of one anchor (DeleteTrustAnchor deletes
 * them with it) and, for CreateSession, its enabled CRLs parsed for the revocation check.
 */
import type { ReadTx } from '../store/types.js';
import { caCertificates } from './ca-certificate.js';
import { type ImportedCrl, importCrl } from './crl.js';
import { CRL_KIND, type CrlData, TRUST_ANCHOR_KIND, type TrustAnchorData } from './model.js';

const PAGE = 1000;

/** Every CRL item of the Region whose trust anchor is `trustAnchorArn`, in key order. */
export async function crlItemsOf(tx: Pick<ReadTx, 'list'>, account: string, region: string, trustAnchorArn: string) {
  const out = [];
  let after: string | undefined;
  for (;;) {
    const items = await tx.list<CrlData>(account, CRL_KIND, { prefix: `${region}/`, ...(after === undefined ? {} : { after }), limit: PAGE });
    for (const item of items) if (item.data.trustAnchorArn === trustAnchorArn) out.push(item);
    if (items.length < PAGE) return out;
    after = items[items.length - 1]!.key;
  }
}

/** The trust anchor an ARN names in `account` and `region` (ARNs are built, not parsed: the id is the part after `/`). */
export async function anchorOfArn(tx: Pick<ReadTx, 'get'>, account: string, region: string, arn: string) {
  const m = /^arn:aws:rolesanywhere:([a-z0-9-]{1,64}):(\d{12}):trust-anchor\/([a-f0-9-]{36})$/.exec(arn);
  if (m === null || m[1] !== region || m[2] !== account) return undefined;
  const item = await tx.get<TrustAnchorData>(account, TRUST_ANCHOR_KIND, `${region}/${m[3]!}`);
  return item !== undefined && item.data.trustAnchorArn === arn ? item : undefined;
}

/**
 * The enabled CRLs of a trust anchor, each parsed and its signature verified again with the
 * anchor's CA certificates as they are now (a CRL whose issuer is no longer one of them, after
 * UpdateTrustAnchor replaced the bundle, is left out: no certificate of that issuer validates
 * against the anchor any more). No anchor: none.
 */
export async function enabledCrlsFor(tx: Pick<ReadTx, 'get' | 'list'>, account: string, region: string, trustAnchorArn: string): Promise<ImportedCrl[]> {
  const anchor = await anchorOfArn(tx, account, region, trustAnchorArn);
  if (anchor?.data.x509CertificateData === undefined) return [];
  const enabled = (await crlItemsOf(tx, account, region, trustAnchorArn)).filter((i) => i.data.enabled);
  if (enabled.length === 0) return [];
  const cas = caCertificates(anchor.data.x509CertificateData);
  const out: ImportedCrl[] = [];
  for (const item of enabled) {
    const read = importCrl(Buffer.from(item.data.crlData, 'base64'), cas);
    if (read.ok) out.push(read.crl);
  }
  return out;
}
