/**
 * The worst event-loop stall one request of at most 1 MiB can cause (issue 11; target < 50 ms).
 *
 * The server runs alone in a child process on a real SQLite file (bench/support/stall-child.ts),
 * so its loop carries only its own work and garbage. For each request the child's loop delay
 * histogram (perf_hooks.monitorEventLoopDelay, 1 ms resolution) is reset over IPC, the request is
 * sent (prepared and signed beforehand, written as one Buffer) and answered, and the histogram's
 * maximum is that request's stall. Each case runs STALL_ROUNDS times after one warm-up; the median
 * and the worst stall are printed, and the median time to answer as a ratio to a plain signed
 * GetCallerIdentity measured in the same run (the baseline's stall is below the 1 ms resolution).
 *
 * `node dist/bench/stall.js` (STALL_ROUNDS=n to change the repetitions; STALL_ONLY=text to run only
 * the cases whose name holds that text, and the baseline).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { signRequest } from '../src/sigv4/index.js';
import { b64, buildResponse, createIdp, issue, metadataFor, rolePair, sign } from '../test/support/saml-idp.js';

const ADMIN = { accessKeyId: 'AKIAROLEGATESTALLKEY', secretAccessKey: 's'.repeat(40) };
const ACCOUNT = '111111111111';
const ROUNDS = Number(process.env.STALL_ROUNDS ?? '5');
const ONLY = process.env.STALL_ONLY;
const MIB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const JSON11 = 'application/x-amz-json-1.1';

interface Prepared {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

interface Case {
  readonly name: string;
  readonly make: (host: string) => Prepared;
}

const enc = encodeURIComponent;

function unsigned(body: string, path = '/'): (host: string) => Prepared {
  const buf = Buffer.from(body);
  return () => ({ method: 'POST', path, headers: { 'content-type': FORM }, body: buf });
}

function signed(service: 'iam' | 'sts' | 'organizations', body: string, extra: Record<string, string> = {}, query = ''): (host: string) => Prepared {
  return (host) => {
    const contentType = service === 'organizations' ? JSON11 : FORM;
    const req = signRequest({ method: 'POST', path: '/', query, headers: { host, 'content-type': contentType, ...extra }, body }, { ...ADMIN, region: 'us-east-1', service, nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    return { method: 'POST', path: query === '' ? '/' : `/?${query}`, headers, body: Buffer.from(body) };
  };
}

/** Pads a form to just under 1 MiB with `piece(i)` fields. */
function fill(prefix: string, piece: (i: number) => string, limit = MIB - 64): string {
  const parts = [prefix];
  let size = prefix.length;
  for (let i = 0; ; i++) {
    const p = `&${piece(i)}`;
    if (size + p.length > limit) break;
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

const WEB = `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess&RoleArn=${enc(`arn:aws:iam::${ACCOUNT}:role/r`)}&WebIdentityToken=abcd`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/stall-role`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });

/** A policy document just under the 131,072-character wire limit, from repeated statements. */
function bigPolicy(statement: (i: number) => object, limit = 131_000): string {
  const out: object[] = [];
  for (let i = 0; JSON.stringify({ Version: '2012-10-17', Statement: [...out, statement(i)] }).length < limit; i++) out.push(statement(i));
  return JSON.stringify({ Version: '2012-10-17', Statement: out });
}

/**
 * SAML: a provider whose metadata holds three certificates, and assertions of up to AWS's 100,000
 * base64 characters an anonymous caller can send it: deeply nested (refused before parsing), and
 * 1,000 attribute values (about 2,050 elements, under the 2,500 cap) with a correct digest signed by a key the provider does not hold (the
 * whole document is parsed and canonicalized before the signature fails).
 */
interface Saml {
  readonly providerArn: string;
  readonly metadata: string;
  readonly rogueSigned: string;
  readonly manyElements: string;
}

const SAML_PROVIDER = 'stall-idp';

async function samlSetup(): Promise<Saml> {
  const entityId = 'https://idp.stall.test/saml';
  const [a, b, c, rogue] = await Promise.all([createIdp(entityId), createIdp(entityId), createIdp(entityId), createIdp(entityId)]);
  const providerArn = `arn:aws:iam::${ACCOUNT}:saml-provider/${SAML_PROVIDER}`;
  const attributes = { 'https://aws.amazon.com/SAML/Attributes/Role': [rolePair(ROLE_ARN, providerArn)], values: Array.from({ length: 1000 }, () => 'v') };
  return {
    providerArn,
    metadata: metadataFor(entityId, [a.certB64, b.certB64, c.certB64]),
    rogueSigned: b64(issue(rogue, new Date(), { nameId: 'n', attributes }, 'assertion')),
    manyElements: b64(sign(buildResponse(entityId, new Date(), { nameId: 'n', attributes: { x: ['PLACEHOLDER'] } }).replace('PLACEHOLDER', '<x/>'.repeat(16_000)), rogue, 'Assertion')),
  };
}

let fresh = 0;

/**
 * A PolicyInputList filling a 1 MiB form: documents of up to 131,072 characters of wildcard
 * Resource patterns, new text on every call (a repeated document could be served compiled).
 */
function policyInputList(action: string): string {
  const round = fresh++;
  const prefix = `Action=${action}&Version=2010-05-08&ActionNames.member.1=s3%3AGetObject`;
  const parts: string[] = [prefix];
  let size = prefix.length;
  let n = 0;
  for (let doc = 1; size < MIB - 8192; doc++) {
    const resources: string[] = [];
    let len = 80;
    let encoded = 200;
    while (len < 131_000 && size + encoded < MIB - 1024) {
      const r = `arn:aws:s3:::b${round}x${n++}*?x*`;
      resources.push(r);
      len += r.length + 3;
      encoded += enc(r).length + 9;
    }
    const field = `&PolicyInputList.member.${doc}=${enc(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] }))}`;
    parts.push(field);
    size += field.length;
  }
  return parts.join('');
}

/** SAML metadata with `n` empty elements in an Extensions element. */
const wideMetadata = (saml: Saml, n: number): string => saml.metadata.replace('</md:EntityDescriptor>', `<md:Extensions>${'<x/>'.repeat(n)}</md:Extensions></md:EntityDescriptor>`);

function samlCall(saml: Saml, assertion: string): (host: string) => Prepared {
  return unsigned(`Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=${enc(ROLE_ARN)}&PrincipalArn=${enc(saml.providerArn)}&SAMLAssertion=${enc(assertion)}`);
}

function cases(saml: Saml): Case[] {
  const wildcards = bigPolicy((i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: [`s3:*a*b*c*d*e*f*${i}`, 'iam:*?*?*?*?*'], Resource: `arn:aws:s3:::b${i}*?*?*` }));
  const conditions = bigPolicy((i) => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { [`aws:PrincipalTag/k${i}`]: ['*a*a*a*a*a*a*', '?'.repeat(40)] } } }));
  const deepPolicy = `{"Version":"2012-10-17","Statement":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
  const tags = Array.from({ length: 1000 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=${'v'.repeat(200)}`).join('&');
  return [
    { name: 'baseline: signed GetCallerIdentity', make: signed('sts', 'Action=GetCallerIdentity&Version=2011-06-15') },
    // Decoding before authentication (unsigned AssumeRoleWithWebIdentity).
    { name: 'unsigned: 60 field names of 8,000 dots (960 KB)', make: unsigned(`${WEB}&${Array.from({ length: 60 }, (_, i) => `${'a.'.repeat(8000)}${i}=x`).join('&')}`) },
    { name: 'unsigned: one field name of 500,000 dots', make: unsigned(`${WEB}&${'.'.repeat(MIB - 200)}=x`) },
    { name: 'unsigned: 10,000 distinct 8-dot names', make: unsigned(fill(WEB, (i) => `${'abcdefghij.'.repeat(8)}${i}=x`)) },
    { name: 'unsigned: 200,000 distinct fields (cap 10,000)', make: unsigned(fill(WEB, (i) => `f${i}=`)) },
    { name: 'unsigned: 500,000 empty fields (&&&…)', make: unsigned(`${WEB}${'&'.repeat(MIB - WEB.length - 8)}`) },
    { name: 'unsigned: 1 MiB of escapes %41', make: unsigned(`${WEB}&x=${'%41'.repeat((MIB - WEB.length - 8) / 3)}`) },
    { name: 'unsigned: malformed escapes (URLSearchParams fallback)', make: unsigned(`${WEB}&x=%zz${'%4'.repeat((MIB - WEB.length - 16) / 2)}`) },
    { name: 'unsigned: 1 MiB WebIdentityToken', make: unsigned(`Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess&RoleArn=${enc(`arn:aws:iam::${ACCOUNT}:role/r`)}&WebIdentityToken=${'e'.repeat(MIB - 200)}`) },
    { name: 'unsigned: 1 MiB JWT-shaped token', make: unsigned(`Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess&RoleArn=${enc(`arn:aws:iam::${ACCOUNT}:role/r`)}&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.${'e'.repeat(MIB - 300)}.sig`) },
    { name: 'unsigned: 1 MiB RoleArn', make: unsigned(`Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=sess&WebIdentityToken=abcd&RoleArn=${'a'.repeat(MIB - 200)}`) },
    { name: 'unsigned: SAML, 10,700 nested elements (100 KB)', make: samlCall(saml, b64(`<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol">${'<a>'.repeat(10_700)}${'</a>'.repeat(10_700)}</p:Response>`)) },
    { name: 'unsigned: SAML, 1,000 values, rogue key, 3 certificates', make: samlCall(saml, saml.rogueSigned) },
    { name: 'unsigned: SAML, 16,000 empty elements (refused)', make: samlCall(saml, saml.manyElements) },
    { name: 'unsigned: AssumeRoleWithSAML, 1 MiB assertion', make: unsigned(`Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=${enc(ROLE_ARN)}&PrincipalArn=${enc(`arn:aws:iam::${ACCOUNT}:saml-provider/p`)}&SAMLAssertion=${'P'.repeat(MIB - 300)}`) },
    // Headers and the query (Node caps the head at 16 KiB).
    { name: 'signature: Authorization of 15 KB of commas', make: () => ({ method: 'POST', path: '/', headers: { 'content-type': FORM, 'x-amz-date': '20260101T000000Z', authorization: `AWS4-HMAC-SHA256 ${', a=b'.repeat(2800)}` }, body: Buffer.from('Action=GetCallerIdentity') }) },
    { name: 'signature: Authorization of 16 KB of "Credential="', make: () => ({ method: 'POST', path: '/', headers: { 'content-type': FORM, authorization: `AWS4-HMAC-SHA256 ${'Credential='.repeat(1450)}` }, body: Buffer.from('Action=GetCallerIdentity') }) },
    { name: 'signature: presigned, 1,500 query parameters', make: () => ({ method: 'GET', path: `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&${Array.from({ length: 1500 }, (_, i) => `p${i}=%41%42`).join('&')}`, headers: {}, body: Buffer.alloc(0) }) },
    { name: 'signature: 600 signed headers, spaced values', make: (host) => signed('sts', 'Action=GetCallerIdentity&Version=2011-06-15', Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`x-h${i}`, '  a  b  '])))(host) },
    // Authenticated (admin) requests with the largest bodies their shapes allow.
    { name: 'signed: 1,000 tags on CreateRole', make: signed('iam', `Action=CreateRole&Version=2010-05-08&RoleName=t&AssumeRolePolicyDocument=${enc(TRUST)}&${tags}`) },
    { name: 'signed: 128 KB policy, wildcard actions (PutRolePolicy)', make: signed('iam', `Action=PutRolePolicy&Version=2010-05-08&RoleName=stall-role&PolicyName=p&PolicyDocument=${enc(wildcards)}`) },
    { name: 'signed: 128 KB policy, wildcard conditions (CreatePolicy)', make: signed('iam', `Action=CreatePolicy&Version=2010-05-08&PolicyName=p${Date.now()}&PolicyDocument=${enc(conditions)}`) },
    { name: 'signed: 120 KB of nested arrays in a policy', make: signed('iam', `Action=PutRolePolicy&Version=2010-05-08&RoleName=stall-role&PolicyName=d&PolicyDocument=${enc(deepPolicy)}`) },
    { name: 'signed: 1 MiB role name (validation)', make: signed('iam', `Action=GetRole&Version=2010-05-08&RoleName=${'a.'.repeat((MIB - 100) / 2)}`) },
    { name: "signed: 1 MiB of quotes as a role name (echoed, escaped)", make: signed('iam', `Action=GetRole&Version=2010-05-08&RoleName=${"'".repeat(MIB - 100)}`) },
    { name: 'signed: 1 MiB AssumeRole RoleArn', make: signed('sts', `Action=AssumeRole&Version=2011-06-15&RoleSessionName=sess&RoleArn=${'arn:'.repeat((MIB - 100) / 4)}`) },
    { name: 'signed JSON: email backtracking (1 MiB CreateAccount)', make: signed('organizations', JSON.stringify({ Email: `a@${'a.'.repeat((MIB - 100) / 2)}@`, AccountName: 'x' }), { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' }) },
    { name: 'signed JSON: 1 MiB of nested arrays', make: signed('organizations', `{"Email":${'['.repeat(MIB / 2 - 20)}${']'.repeat(MIB / 2 - 20)}}`, { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' }) },
    { name: 'signed JSON: 1 MiB of empty objects', make: signed('organizations', `{"Tags":[${Array.from({ length: (MIB - 40) / 3 }, () => '{}').join(',')}]}`, { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' }) },
    { name: 'signed: SimulateCustomPolicy, 1 MiB of wildcard resources', make: (host) => signed('iam', policyInputList('SimulateCustomPolicy'))(host) },
    { name: 'signed: SimulatePrincipalPolicy, 1 MiB of wildcard resources', make: (host) => signed('iam', `${policyInputList('SimulatePrincipalPolicy')}&PolicySourceArn=${enc(ROLE_ARN)}`)(host) },
    { name: 'signed: GetContextKeysForCustomPolicy, 1 MiB of resources', make: (host) => signed('iam', policyInputList('GetContextKeysForCustomPolicy'))(host) },
    { name: 'signed: CreateSAMLProvider, 3,950 metadata elements', make: (host) => signed('iam', `Action=CreateSAMLProvider&Version=2010-05-08&Name=m${fresh++}&SAMLMetadataDocument=${enc(wideMetadata(saml, 3950))}`)(host) },
    { name: 'signed: UpdateSAMLProvider, 100,000 metadata elements', make: signed('iam', `Action=UpdateSAMLProvider&Version=2010-05-08&SAMLProviderArn=${enc(saml.providerArn)}&SAMLMetadataDocument=${enc(wideMetadata(saml, 100_000))}`) },
    { name: 'signed JSON: 800 KB policy content (CreatePolicy)', make: signed('organizations', JSON.stringify({ Name: 'p', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: bigPolicy((i) => ({ Effect: 'Deny', Action: `s3:*${i}*`, Resource: '*' }), 800_000) }), { 'x-amz-target': 'AWSOrganizationsV20161128.CreatePolicy' }) },
  ];
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(port: number, p: Prepared): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: p.method, path: p.path, agent, headers: { ...p.headers, 'content-length': String(p.body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function startChild(): Promise<{ proc: ChildProcess; port: number }> {
  const env = { ...process.env, ROLEGATE_ACCOUNT_ID: ACCOUNT, ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
  const proc = fork(fileURLToPath(new URL('./support/stall-child.js', import.meta.url)), [], { env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

function ask(proc: ChildProcess, message: 'reset' | 'read'): Promise<unknown> {
  return new Promise((resolve) => {
    proc.once('message', resolve);
    proc.send(message);
  });
}

interface Row {
  readonly name: string;
  readonly size: number;
  readonly statuses: string;
  readonly stall: number;
  readonly worst: number;
  readonly answer: number;
  readonly cpu: number;
}

async function main(): Promise<void> {
  const { proc, port } = await startChild();
  const host = `127.0.0.1:${port}`;
  try {
    await send(port, signed('iam', `Action=CreateRole&Version=2010-05-08&RoleName=stall-role&AssumeRolePolicyDocument=${enc(TRUST)}`)(host));
    const saml = await samlSetup();
    await send(port, signed('iam', `Action=CreateSAMLProvider&Version=2010-05-08&Name=${SAML_PROVIDER}&SAMLMetadataDocument=${enc(saml.metadata)}`)(host));
    const rows: Row[] = [];
    for (const c of cases(saml).filter((x, i) => i === 0 || ONLY === undefined || x.name.includes(ONLY))) {
      const stalls: number[] = [];
      const answers: number[] = [];
      const cpus: number[] = [];
      const statuses = new Set<number>();
      let size = 0;
      for (let r = 0; r <= ROUNDS; r++) {
        const p = c.make(host); // prepared (and signed) before the measurement
        size = p.body.length + p.path.length;
        await new Promise((done) => setTimeout(done, 20));
        await ask(proc, 'reset');
        const t0 = performance.now();
        statuses.add(await send(port, p));
        const answer = performance.now() - t0;
        const [stall, used] = (await ask(proc, 'read')) as [number, number];
        if (r === 0) continue; // warm-up
        stalls.push(stall);
        cpus.push(used);
        answers.push(answer);
      }
      rows.push({ name: c.name, size, statuses: [...statuses].join(','), stall: median(stalls), worst: Math.max(...stalls), answer: median(answers), cpu: median(cpus) });
    }
    const base = rows[0]!;
    let worst = base;
    let busiest = base;
    console.log(`event-loop stall per request, ms (loop delay histogram, 1 ms resolution), ${ROUNDS} rounds each; cpu = the server's CPU time (not inflated by other processes), answer = time to answer, both medians ×baseline:`);
    for (const r of rows) {
      if (r.worst > worst.worst) worst = r;
      if (r.stall > busiest.stall) busiest = r;
      console.log(
        `  ${r.name.padEnd(58)} ${String(Math.round(r.size / 1024)).padStart(5)} KB  status ${r.statuses.padEnd(7)} stall median ${r.stall.toFixed(1).padStart(5)} worst ${r.worst.toFixed(1).padStart(5)}  cpu ${r.cpu.toFixed(1).padStart(5)} ×${(r.cpu / base.cpu).toFixed(1).padEnd(4)}  answer ${r.answer.toFixed(1).padStart(5)} ×${(r.answer / base.answer).toFixed(1)}`,
      );
    }
    const has5xx = rows.some((r) => r.statuses.split(',').some((s) => s.startsWith('5')));
    console.log(`highest median stall: ${busiest.stall.toFixed(1)} ms (${busiest.name}); worst single stall: ${worst.worst.toFixed(1)} ms (${worst.name}); baseline ${base.stall.toFixed(1)} ms; target < 50 ms; any 5xx: ${has5xx ? 'YES' : 'no'}`);
    console.log('(a worst single stall far above its median is a GC pause or the machine preempting the server: compare the cpu column)');
  } finally {
    agent.destroy();
    proc.disconnect();
  }
}

await main();
