/**
 * The stored CRLs of a trust anchor as CreateSession uses them: the enabled ones, each parsed and
 * its signature verified against the anchor's CA certificates once per stored version (a CRL can
 * be up to 1 MiB; CreateSession is called per workload per hour). Bounded; cleared when full.
 */
import type { X509Certificate } from 'node:crypto';
import type { ReadTx } from '../store/types.js';
import { importCrl } from './crl.js';
import type { ImportedCrl } from './crl.js';
import { CRL_KIND, type CrlData } from './model.js';

const parsed = new Map<string, ImportedCrl | null>();
const CACHE_SIZE = 1024;

const PAGE = 500;

async function* crlsIn(tx: ReadTx, account: string, region: string): AsyncGenerator<CrlData> {
  let after: string | undefined;
  for (;;) {
    const page = await tx.list<CrlData>(account, CRL_KIND, { prefix: `${region}/`, limit: PAGE, ...(after === undefined ? {} : { after }) });
    for (const item of page) yield item.data;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.key;
  }
}

/** Every CRL in an account and Region is one list read: an account's CRLs are few (AWS's quota is 2 per anchor). */
export async function enabledCrlsFor(tx: ReadTx, account: string, region: string, trustAnchorArn: string, cas: readonly X509Certificate[]): Promise<ImportedCrl[]> {
  const out: ImportedCrl[] = [];
  for await (const data of crlsIn(tx, account, region)) {
    if (!data.enabled || data.trustAnchorArn !== trustAnchorArn) continue;
    // Keyed by the CRL, its update time and the anchor's certificates (the anchor may be updated).
    const key = `${data.crlArn}\n${data.updatedAt}\n${cas.map((c) => c.fingerprint256).join(',')}`;
    let crl = parsed.get(key);
    if (crl === undefined) {
      const r = importCrl(Buffer.from(data.crlData, 'base64'), cas);
      crl = r.ok ? r.crl : null;
      if (parsed.size >= CACHE_SIZE) parsed.clear();
      parsed.set(key, crl);
    }
    // A CRL that no longer verifies with the anchor (its CA replaced) revokes nothing: as imported, it was checked.
    if (crl !== null) out.push(crl);
  }
  return out;
}
