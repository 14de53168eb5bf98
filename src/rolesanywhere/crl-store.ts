/**
 * Reading the CRLs imported for a trust anchor: the items of one anchor (DeleteTrustAnchor deletes
 * them with it) and, for CreateSession, its enabled CRLs parsed for the revocation check.
 */
import { slot } from '../core/services.js';
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

const ANCHOR_ARN = /^arn:aws:rolesanywhere:([a-z0-9-]{1,64}):(\d{12}):trust-anchor\/([a-f0-9-]{36})$/;

/** The trust anchor an ARN names in `account` and `region`, or undefined. */
export async function anchorOfArn(tx: Pick<ReadTx, 'get'>, account: string, region: string, arn: string) {
  const m = ANCHOR_ARN.exec(arn);
  if (m === null || m[1] !== region || m[2] !== account) return undefined;
  const item = await tx.get<TrustAnchorData>(account, TRUST_ANCHOR_KIND, `${region}/${m[3]!}`);
  return item !== undefined && item.data.trustAnchorArn === arn ? item : undefined;
}

/**
 * Parsed CRLs by what they were parsed from — the CRL item's and the anchor's versions (ids are
 * never reused, and every change of either bumps its version) — so that CreateSession parses a
 * CRL of thousands of entries (tens of milliseconds) once, not at every call. Bounded; the oldest
 * entry goes first. `null`: the CRL no longer verifies with the anchor's certificates.
 */
export class ParsedCrls {
  static readonly MAX = 256;
  readonly #entries = new Map<string, ImportedCrl | null>();

  get(key: string, parse: () => ImportedCrl | null): ImportedCrl | null {
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const parsed = parse();
    if (this.#entries.size >= ParsedCrls.MAX) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, parsed);
    return parsed;
  }
}

/** The server's parsed-CRL cache (`ctx.services.get(PARSED_CRLS)`). */
export const PARSED_CRLS = slot('rolesanywhere/parsed-crls', () => new ParsedCrls());

/**
 * The enabled CRLs of a trust anchor, each parsed and its signature verified again with the
 * anchor's CA certificates as they are now (a CRL whose issuer is no longer one of them, after
 * UpdateTrustAnchor replaced the bundle, is left out: no certificate of that issuer validates
 * against the anchor any more). No anchor: none. Give `cache` (PARSED_CRLS) to parse each CRL
 * once per version.
 */
export async function enabledCrlsFor(tx: Pick<ReadTx, 'get' | 'list'>, account: string, region: string, trustAnchorArn: string, cache?: ParsedCrls): Promise<ImportedCrl[]> {
  const anchor = await anchorOfArn(tx, account, region, trustAnchorArn);
  const pem = anchor?.data.x509CertificateData;
  if (anchor === undefined || pem === undefined) return [];
  const enabled = (await crlItemsOf(tx, account, region, trustAnchorArn)).filter((i) => i.data.enabled);
  if (enabled.length === 0) return [];
  let cas: ReturnType<typeof caCertificates> | undefined;
  const out: ImportedCrl[] = [];
  for (const item of enabled) {
    const parse = () => {
      const read = importCrl(Buffer.from(item.data.crlData, 'base64'), (cas ??= caCertificates(pem)));
      return read.ok ? read.crl : null;
    };
    const crl = cache === undefined ? parse() : cache.get(`${account}/${item.key}#${item.version}/${anchor.version}`, parse);
    if (crl !== null) out.push(crl);
  }
  return out;
}
