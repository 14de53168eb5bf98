/**
 * x509-limbo path-validation cases (C2SP/x509-limbo, Apache-2.0) run through Rolegate's Roles
 * Anywhere certificate pipeline: the anchor bundle as CreateTrustAnchor checks it, CRLs as ImportCrl
 * takes them, leaf and chain as CreateSession's headers parse them, then validatePath and the
 * revocation check. Each vector's expectation is limbo's unless it carries a `decision` (why
 * Rolegate differs: AWS's documented behaviour, or a deliberate refusal); those also pin the
 * refusal reason. Selection, skips and decisions: test/rolesanywhere/vectors/README.md and
 * scripts/build-limbo-vectors.mjs.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkCaBundle } from '../../src/rolesanywhere/ca-certificate.js';
import { certificateAttributes, DEFAULT_ATTRIBUTE_MAPPINGS } from '../../src/rolesanywhere/cert-attributes.js';
import { validatePath } from '../../src/rolesanywhere/chain.js';
import { findRevoked, importCrl } from '../../src/rolesanywhere/crl.js';
import type { ImportedCrl } from '../../src/rolesanywhere/crl.js';
import { MAX_CHAIN_LENGTH, parseCertificateList, parseDerCertificate } from '../../src/sigv4/x509-certificate.js';
import { loadVectors } from '../support/repo.js';

interface LimboVector {
  readonly id: string;
  readonly description: string;
  readonly limbo: 'SUCCESS' | 'FAILURE';
  readonly accept: boolean;
  readonly reason?: string;
  readonly decision?: string;
  readonly at: string;
  /** Base64 DER, as X-Amz-X509 / X-Amz-X509-Chain carry them. */
  readonly leaf: string;
  readonly intermediates: readonly string[];
  readonly anchors: readonly string[];
  readonly crls?: readonly string[];
}

interface LimboFile {
  readonly source: { readonly commit: string; readonly licence: string };
  readonly counts: { readonly limbo: number; readonly taken: number; readonly decisions: number; readonly skipped: number };
  readonly vectors: readonly LimboVector[];
  readonly skipped: readonly { readonly id: string; readonly why: string }[];
}

type Outcome = { readonly accepted: true } | { readonly accepted: false; readonly stage: string; readonly reason: string };

function pem(b64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/** The vector through the same steps, in the same order, as the server's trust anchor, CRL and CreateSession paths. */
function run(v: LimboVector): Outcome {
  try {
    checkCaBundle(v.anchors.map(pem).join(''));
  } catch (e) {
    return { accepted: false, stage: 'CreateTrustAnchor', reason: (e as Error).message };
  }
  const anchors = v.anchors.map((b64) => new X509Certificate(Buffer.from(b64, 'base64')));
  const crls: ImportedCrl[] = [];
  for (const der of v.crls ?? []) {
    const imported = importCrl(Buffer.from(der, 'base64'), anchors);
    if (!imported.ok) return { accepted: false, stage: 'ImportCrl', reason: imported.reason };
    crls.push(imported.crl);
  }
  const leaf = parseDerCertificate(v.leaf);
  if (leaf === undefined) return { accepted: false, stage: 'X-Amz-X509', reason: 'MalformedCertificate' };
  const intermediates = v.intermediates.length === 0 ? [] : parseCertificateList(v.intermediates.join(','), MAX_CHAIN_LENGTH - 1);
  if (intermediates === 'too-long') return { accepted: false, stage: 'X-Amz-X509-Chain', reason: 'ChainTooLong' };
  if (intermediates === undefined) return { accepted: false, stage: 'X-Amz-X509-Chain', reason: 'MalformedCertificate' };
  const path = validatePath({ leaf, intermediates, anchors, atMs: Date.parse(v.at) });
  if (!path.ok) return { accepted: false, stage: 'path', reason: path.reason };
  if (findRevoked(path.path.slice(0, -1), crls) !== undefined) return { accepted: false, stage: 'revocation', reason: 'Revoked' };
  // An accepted leaf must also yield its session attributes without throwing (never a 500).
  certificateAttributes(leaf, DEFAULT_ATTRIBUTE_MAPPINGS);
  return { accepted: true };
}

const [file] = loadVectors<LimboFile>('test/rolesanywhere/vectors');
assert.ok(file !== undefined && file.file === 'limbo.json', 'test/rolesanywhere/vectors/limbo.json is missing');
const { data } = file;

describe('x509-limbo path-validation vectors', () => {
  it('the vector file is whole and records its source', () => {
    assert.match(data.source.commit, /^[0-9a-f]{40}$/);
    assert.match(data.source.licence, /Apache-2\.0/);
    assert.equal(data.vectors.length, data.counts.taken);
    assert.equal(data.skipped.length, data.counts.skipped);
    assert.equal(data.counts.taken + data.counts.skipped, data.counts.limbo);
    assert.equal(data.vectors.filter((v) => v.decision !== undefined).length, data.counts.decisions);
    assert.ok(data.vectors.some((v) => v.accept) && data.vectors.some((v) => !v.accept));
    for (const v of data.vectors) {
      // A decision is recorded only where Rolegate departs from limbo, and a departure always has one.
      assert.equal(v.decision !== undefined, v.accept !== (v.limbo === 'SUCCESS'), v.id);
      assert.ok(v.reason === undefined || !v.accept, v.id);
    }
  });

  for (const v of data.vectors) {
    const label = `${v.id}: ${v.accept ? 'accepted' : 'refused'}${v.decision !== undefined ? ` (Rolegate decision; limbo: ${v.limbo})` : ''}`;
    it(label, () => {
      const outcome = run(v);
      assert.equal(outcome.accepted, v.accept, `${v.id} — ${v.description}\n${JSON.stringify(outcome)}${v.decision !== undefined ? `\ndecision: ${v.decision}` : ''}`);
      if (v.reason !== undefined && !outcome.accepted) assert.equal(outcome.reason, v.reason, v.id);
    });
  }
});
