/**
 * The stored CRLs of a trust anchor as CreateSession uses them: the enabled ones, each parsed and
 * its signature verified against the anchor's CA certificates once per stored version (a CRL can
 * be up to 1 MiB; CreateSession is called per workload per hour). Bounded; cleared when full.
 */
import type { X509Certificate } from 'node:crypto';
import { type Services, slot } from '../core/services.js';
import type { Awaitable } from '../core/settle.js';
import type { Item, ReadTx } from '../store/types.js';
import { importCrl } from './crl.js';
import type { ImportedCrl } from './crl.js';
import { CRL_KIND, type CrlData } from './model.js';

/**
 * This server's parsed CRLs (a Services slot: keyed by stored ARN and version, which only this
 * server's store gives a meaning). Bounded by the bytes of CRL held (a CRL may be 1 MiB and keeps
 * its DER), cleared when full.
 */
const MAX_BYTES = 64 * 1024 * 1024;
class ParsedCrls {
  readonly map = new Map<string, ImportedCrl | null>();
  bytes = 0;
}
const PARSED = slot('rolesanywhere/parsed-crls', () => new ParsedCrls());

const PAGE = 500;

/**
 * The CRL items of a trust anchor, in key order (also what DeleteTrustAnchor deletes with it).
 * Every CRL in an account and Region is one list read: an account's CRLs are few (AWS's quota is 2 per anchor).
 */
export async function crlItemsOf(tx: Pick<ReadTx, 'list'>, account: string, region: string, trustAnchorArn: string): Promise<Item<CrlData>[]> {
  const out: Item<CrlData>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await tx.list<CrlData>(account, CRL_KIND, { prefix: `${region}/`, limit: PAGE, ...(after === undefined ? {} : { after }) });
    for (const item of page) if (item.data.trustAnchorArn === trustAnchorArn) out.push(item);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]!.key;
  }
}

/**
 * This server's enabled CRLs per anchor (a Services slot), read once and kept until the change
 * feed reports a change to CRLs (on PostgreSQL, other nodes' too): CreateSession reads them on
 * every call, and they change rarely.
 */
class AnchorCrls {
  readonly map = new Map<string, Awaitable<ImportedCrl[]>>();
  constructor(services: Services) {
    services.store.onChange((change) => {
      if (change.kind === CRL_KIND || change.kind === '*') this.map.clear();
    });
  }
}
const ANCHOR_CRLS = slot('rolesanywhere/anchor-crls', (services) => new AnchorCrls(services));
const MAX_ANCHORS = 10_000;

export function enabledCrlsFor(services: Services, account: string, region: string, trustAnchorArn: string, cas: readonly X509Certificate[]): Awaitable<ImportedCrl[]> {
  const cache = services.get(ANCHOR_CRLS).map;
  const key = `${account}\n${region}\n${trustAnchorArn}\n${cas.map((c) => c.fingerprint256).join(',')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const read = services.store.read((tx) => readEnabledCrls(services, tx, account, region, trustAnchorArn, cas));
  if (cache.size >= MAX_ANCHORS) cache.clear();
  cache.set(key, read);
  // Once read, the list itself is kept (a cached call then awaits nothing); a failed read is not kept.
  read.then(
    (crls) => {
      if (cache.get(key) === read) cache.set(key, crls);
    },
    () => {
      if (cache.get(key) === read) cache.delete(key);
    },
  );
  return read;
}

async function readEnabledCrls(services: Services, tx: ReadTx, account: string, region: string, trustAnchorArn: string, cas: readonly X509Certificate[]): Promise<ImportedCrl[]> {
  const out: ImportedCrl[] = [];
  for (const { data, version } of await crlItemsOf(tx, account, region, trustAnchorArn)) {
    if (!data.enabled) continue;
    // Keyed by the CRL, its stored version (two updates within one millisecond share an updatedAt)
    // and the anchor's certificates (the anchor may be updated).
    const key = `${data.crlArn}\n${version}\n${cas.map((c) => c.fingerprint256).join(',')}`;
    const parsed = services.get(PARSED);
    let crl = parsed.map.get(key);
    if (crl === undefined) {
      const r = importCrl(Buffer.from(data.crlData, 'base64'), cas);
      crl = r.ok ? r.crl : null;
      const size = data.crlData.length;
      if (parsed.bytes + size > MAX_BYTES) {
        parsed.map.clear();
        parsed.bytes = 0;
      }
      parsed.map.set(key, crl);
      parsed.bytes += size;
    }
    // A CRL that no longer verifies with the anchor (its CA replaced) revokes nothing: as imported, it was checked.
    if (crl !== null) out.push(crl);
  }
  return out;
}
