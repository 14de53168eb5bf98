// Select the x509-limbo cases that bear on IAM Roles Anywhere client-certificate path validation
// and write them as test/rolesanywhere/vectors/limbo.json (run by test/rolesanywhere/limbo-vectors.test.ts).
//
//   node scripts/build-limbo-vectors.mjs LIMBO_JSON LIMBO_COMMIT [OUT]
//
// LIMBO_JSON: x509-limbo's limbo.json, or scripts/limbo-compile.py's output for a checkout of
// LIMBO_COMMIT. Every case is either taken (with Rolegate's expectation, which is limbo's unless a
// DECISIONS entry says otherwise and why) or listed under "skipped" with the reason: nothing is
// dropped silently, and a case new to limbo fails this script until it is classified.
// See test/rolesanywhere/vectors/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [limboPath, commit, outArg] = process.argv.slice(2);
if (limboPath === undefined || !/^[0-9a-f]{40}$/.test(commit ?? '')) {
  console.error('usage: node scripts/build-limbo-vectors.mjs LIMBO_JSON LIMBO_COMMIT(40 hex) [OUT]');
  process.exit(2);
}
const out = outArg ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'rolesanywhere', 'vectors', 'limbo.json');

/** Whole families that are not about a client certificate's path: [id prefix, why]. */
const SKIP_PREFIXES = [
  ['webpki::cn::', 'server identity: the common name against a requested host name; Roles Anywhere matches no name'],
  ['webpki::san::', 'server identity: SAN against a requested host name; Roles Anywhere matches no name'],
  ['webpki::eku::', 'Web PKI serverAuth EKU policy; AWS documents no extended key usage requirement for Roles Anywhere'],
  [
    'pathological::nc-dos-',
    'name-constraint checking cost (2048 constraints against 2048 names, 100-180 KB each): Rolegate refuses name constraints outright and certificates over 16 KiB unparsed (src/sigv4/x509-certificate.ts)',
  ],
  ['pathlen::max-chain-depth-', "a caller-chosen depth limit (limbo's max_chain_depth); Rolegate's bound is fixed (MAX_CHAIN_LENGTH), covered by other cases"],
];

/** Single cases not taken, and why. */
const SKIP = {
  'rfc5280::san::ip-in-dns': 'DNS-name syntax for server identity',
  'rfc5280::san::underscore-dns': 'DNS-name syntax for server identity',
  'rfc5280::san::noncritical-with-empty-subject': 'a naming profile rule (SAN criticality when the subject is empty); Roles Anywhere reads subject and SAN as attributes, with no name matching',
  'rfc5280::ca-as-leaf-wrong-san': 'fails on the host name; the CA-as-leaf part is rfc5280::ca-as-leaf',
  'rfc5280::eku::ee-wrong-eku': 'asks for serverAuth; AWS documents no extended key usage requirement for Roles Anywhere',
};

const NC_UNPROCESSED = 'Rolegate does not process name constraints; a certificate carrying them (critical or not) is refused rather than its constraints ignored (chain.ts UNPROCESSED_CONSTRAINTS)';
const PROFILE_ONLY =
  'an issuance-profile rule (RFC 5280 4.2.1.1/4.2.1.2, CABF), not part of RFC 5280 section 6 path validation: chaining is by name and signature; AWS documents no AKI/SKI requirement and refusing would lock out working private PKIs for no security gain';

/** Cases where Rolegate's expectation is not limbo's: [accept, refusal reason (for reject), why]. */
const DECISIONS = {
  'rfc5280::ca-as-leaf': [false, 'LeafIsCA', 'AWS trust model: the end-entity certificate MUST have basic constraints CA:FALSE'],
  'pathlen::validation-ignores-pathlen-in-leaf': [false, 'LeafIsCA', 'AWS trust model: the end-entity certificate MUST have basic constraints CA:FALSE'],
  'rfc5280::no-keyusage': [false, 'LeafKeyUsage', 'AWS trust model: the end-entity key usage MUST include Digital Signature'],
  'cve::cve-2024-0567': [false, 'ChainTooLong', 'nine intermediates: beyond Rolegate\'s bound of 5 certificates per path (X-Amz-X509-Chain carries at most 4); AWS states no figure'],
  'rfc5280::nc::excluded-different-constraint-type': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-forbids-alternate-chain-ica': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-forbids-othername-noop': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-permits-email-domain': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-permits-email-exact': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-permits-email-literal-asterisk-exact-match': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-permits-email-literal-double-asterisk': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::nc-permits-email-literal-mid-asterisk': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-different-constraint-type': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-dn-match': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-dns-match': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-dns-match-more': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-ipv4-match': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-ipv6-match': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::nc::permitted-self-issued': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'webpki::nc::nc-permits-dns-san-pattern': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'webpki::nc::permitted-dns-match-noncritical': [false, 'UnsupportedPathConstraint', NC_UNPROCESSED],
  'rfc5280::aki::critical-aki': [true, undefined, PROFILE_ONLY],
  'rfc5280::aki::leaf-missing-aki': [true, undefined, PROFILE_ONLY],
  'rfc5280::aki::intermediate-missing-aki': [true, undefined, PROFILE_ONLY],
  'rfc5280::aki::cross-signed-root-missing-aki': [true, undefined, PROFILE_ONLY],
  'rfc5280::ski::critical-ski': [true, undefined, PROFILE_ONLY],
  'rfc5280::ski::root-missing-ski': [true, undefined, PROFILE_ONLY],
  'rfc5280::ski::intermediate-missing-ski': [true, undefined, PROFILE_ONLY],
  'webpki::aki::root-with-aki-missing-keyidentifier': [true, undefined, PROFILE_ONLY],
  'webpki::aki::root-with-aki-authoritycertissuer': [true, undefined, PROFILE_ONLY],
  'webpki::aki::root-with-aki-authoritycertserialnumber': [true, undefined, PROFILE_ONLY],
  'webpki::aki::root-with-aki-all-fields': [true, undefined, PROFILE_ONLY],
  'webpki::aki::root-with-aki-ski-mismatch': [true, undefined, PROFILE_ONLY],
  'rfc5280::root-non-critical-basic-constraints': [
    true,
    undefined,
    'the anchor is configured explicitly and AWS asks only for CA:TRUE; criticality of basicConstraints in a root is an issuance-profile rule that older private roots break without harm',
  ],
  'crl::crlnumber-missing': [
    true,
    undefined,
    'ImportCrl takes the CRL the administrator chose, v1 CRLs (no extensions) included; the missing CRLNumber only loses ordering between CRLs, which Roles Anywhere replaces by import',
  ],
};

/** Validation time for cases that leave it to "now" (their certificates run from 1970 for 1000 years): fixed for reproducibility. */
const DEFAULT_TIME = '2026-06-29T00:00:00Z';

const der = (pem) => pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');

const limbo = JSON.parse(readFileSync(limboPath, 'utf8'));
const vectors = [];
const skipped = [];
const used = new Set();
for (const t of limbo.testcases) {
  const prefix = SKIP_PREFIXES.find(([p]) => t.id.startsWith(p));
  const skip = SKIP[t.id] ?? prefix?.[1];
  if (skip !== undefined) {
    if (SKIP[t.id] !== undefined) used.add(t.id);
    skipped.push({ id: t.id, why: skip });
    continue;
  }
  const decision = DECISIONS[t.id];
  if (decision !== undefined) used.add(t.id);
  const limboAccepts = t.expected_result === 'SUCCESS';
  if (decision !== undefined && decision[0] === limboAccepts) throw new Error(`${t.id}: the decision agrees with limbo; remove it`);
  vectors.push({
    id: t.id,
    description: t.description.split('\n\n')[0].replace(/\s+/g, ' ').trim(),
    limbo: t.expected_result,
    accept: decision?.[0] ?? limboAccepts,
    ...(decision?.[1] !== undefined && { reason: decision[1] }),
    ...(decision !== undefined && { decision: decision[2] }),
    at: t.validation_time ?? DEFAULT_TIME,
    leaf: der(t.peer_certificate),
    intermediates: t.untrusted_intermediates.map(der),
    anchors: t.trusted_certs.map(der),
    ...(t.crls.length > 0 && { crls: t.crls.map(der) }),
  });
}
const stale = Object.keys({ ...SKIP, ...DECISIONS }).filter((id) => !used.has(id));
if (stale.length > 0) throw new Error(`decisions or skips for cases not in this limbo.json: ${stale.join(', ')}`);

const file = {
  source: {
    corpus: 'x509-limbo',
    repository: 'https://github.com/C2SP/x509-limbo',
    commit,
    licence: 'Apache-2.0 (x509-limbo); the certificates below are its generated test data',
    derivation: 'scripts/limbo-compile.py then scripts/build-limbo-vectors.mjs; see README.md beside this file',
    defaultTime: DEFAULT_TIME,
  },
  counts: { limbo: limbo.testcases.length, taken: vectors.length, decisions: vectors.filter((v) => v.decision !== undefined).length, skipped: skipped.length },
  vectors,
  skipped,
};
writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
console.log(`limbo vectors: ${vectors.length} taken (${file.counts.decisions} with a Rolegate decision), ${skipped.length} skipped, of ${limbo.testcases.length}; written to ${out}`);
