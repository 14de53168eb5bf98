/**
 * Policy engine throughput: a role session with 10 identity policies (3 statements each, with
 * conditions on principal tags and source IP), a permissions boundary, and a mix of allowed,
 * implicitly denied and explicitly denied requests. Prints decisions/s and µs per decision.
 */
import { performance } from 'node:perf_hooks';
import { compilePolicy, evaluate, requestContext } from '../src/policy/index.js';
import type { EvaluateInput, Principal } from '../src/policy/index.js';

const ACCOUNT = '111122223333';
const services = ['secretsmanager', 'dynamodb', 'sqs', 'sns', 'lambda', 'kms', 'logs', 'ec2', 'ssm', 'events'];

const identityPolicies = services.map((svc, i) =>
  compilePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: `Read${i}`,
          Effect: 'Allow',
          Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`],
          Resource: `arn:aws:${svc}:*:${ACCOUNT}:*`,
          Condition: { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] } },
        },
        {
          Sid: `Write${i}`,
          Effect: 'Allow',
          Action: [`${svc}:Put*`, `${svc}:Create*`, `${svc}:Update*`],
          Resource: [`arn:aws:${svc}:*:${ACCOUNT}:\${aws:PrincipalTag/team}-*`],
          Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'] } },
        },
        {
          Sid: `DenyDelete${i}`,
          Effect: 'Deny',
          Action: `${svc}:Delete*`,
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    }),
  ),
);

const boundary = compilePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Ceiling', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
      { Sid: 'SelfIam', Effect: 'Allow', Action: 'iam:Get*', Resource: `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}-*` },
      { Sid: 'NoKmsDisable', Effect: 'Deny', Action: 'kms:Disable*', Resource: '*' },
    ],
  }),
);

const principal: Principal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-role/session-1`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/app-role`,
  id: 'AROAEXAMPLEROLEID0001',
  tags: { team: 'blue', env: 'prod' },
};

const context = requestContext({ now: Date.UTC(2026, 10, 22), sourceIp: '10.2.3.4', secureTransport: true, region: 'us-east-1', tokenIssueTime: Date.UTC(2026, 10, 21), mfaAuthenticated: false });

const requests: EvaluateInput[] = [];
for (const svc of services) {
  const res = `arn:aws:${svc}:us-east-1:${ACCOUNT}:blue-thing`;
  for (const [action, resource] of [
    [`${svc}:GetThing`, res], // allow (read)
    [`${svc}:PutThing`, res], // allow (write, tagged resource, IP in range)
    [`${svc}:PutThing`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:red-thing`], // implicit deny
    [`${svc}:DeleteThing`, res], // explicit deny
    [`${svc}:TagResource`, res], // implicit deny (no statement)
  ] as const) {
    requests.push({ request: { principal, action, resource, context }, identityPolicies, permissionsBoundaries: [boundary] });
  }
}

const tally = { Allow: 0, ImplicitDeny: 0, ExplicitDeny: 0 };
for (const r of requests) tally[evaluate(r).decision]++;

/** The same requests with AWS's built-in rules on, as the server evaluates them. */
const withRules: EvaluateInput[] = requests.map((r) => ({ ...r, builtInRules: true }));

function run(list: readonly EvaluateInput[], iterations: number): number {
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < iterations; i++) sink += evaluate(list[i % list.length]!).matched.length;
  if (sink < 0) console.log(sink);
  return performance.now() - t0;
}

run(requests, 200_000); // warm up the JIT and the per-action caches
run(withRules, 200_000);
const N = 2_000_000;
const ms = run(requests, N);
const msRules = run(withRules, N);
const perSec = (N / ms) * 1000;
const perSecRules = (N / msRules) * 1000;
console.log(`policy engine: ${requests.length} distinct requests, mix per pass ${JSON.stringify(tally)}`);
console.log(`  10 identity policies x 3 statements + boundary; conditions on principal tags, source IP, MFA`);
console.log(`  ${N.toLocaleString('en-US')} decisions in ${ms.toFixed(0)} ms: ${Math.round(perSec).toLocaleString('en-US')} decisions/s, ${((ms * 1000) / N).toFixed(3)} µs/decision (one core)`);
console.log(
  `  with builtInRules (the server's setting): ${Math.round(perSecRules).toLocaleString('en-US')} decisions/s, ${((msRules * 1000) / N).toFixed(3)} µs/decision, ratio ${(perSecRules / perSec).toFixed(3)}`,
);
