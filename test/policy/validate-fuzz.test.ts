/**
 * Property-based fuzzing of validatePolicy: whatever the input (arbitrary JSON, random text,
 * near-valid policies, deep nesting, huge arrays, __proto__/constructor keys, wrong types), it
 * either returns a document of canonical shape, built afresh, or throws MalformedPolicyDocumentError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MalformedPolicyDocumentError } from '../../src/policy/errors.js';
import type { PolicyDocumentJson, PolicyKind } from '../../src/policy/types.js';
import { validatePolicy } from '../../src/policy/validate.js';

const KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust', 'scp', 'rcp'];
let runs = 0;
let accepted = 0;

function isStringArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function assertCanonical(doc: PolicyDocumentJson, input: unknown): void {
  assert.ok(doc.Version === undefined || typeof doc.Version === 'string');
  assert.ok(doc.Id === undefined || typeof doc.Id === 'string');
  assert.equal(Array.isArray(doc.Statement), true);
  assert.ok(doc.Statement.length > 0);
  assert.ok(Object.isFrozen(doc) && Object.isFrozen(doc.Statement));
  if (typeof input === 'object' && input !== null) {
    assert.notEqual(doc, input);
    assert.notEqual(doc.Statement, (input as { Statement?: unknown }).Statement);
  }
  for (const st of doc.Statement) {
    assert.ok(st.Effect === 'Allow' || st.Effect === 'Deny');
    assert.ok(st.Sid === undefined || typeof st.Sid === 'string');
    for (const field of [st.Action, st.NotAction, st.Resource, st.NotResource]) assert.ok(field === undefined || isStringArray(field));
    assert.ok(st.Action !== undefined || st.NotAction !== undefined);
    for (const p of [st.Principal, st.NotPrincipal]) {
      if (p === undefined || p === '*') continue;
      for (const [k, v] of Object.entries(p)) {
        assert.ok(['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(k));
        assert.ok(isStringArray(v));
      }
    }
    if (st.Condition !== undefined) {
      for (const block of Object.values(st.Condition) as readonly Readonly<Record<string, unknown>>[]) {
        assert.equal(typeof block, 'object');
        for (const values of Object.values(block)) assert.ok(isStringArray(values));
      }
    }
  }
}

function run(input: unknown, kind: PolicyKind): void {
  runs++;
  let doc: PolicyDocumentJson;
  try {
    doc = validatePolicy(input, kind);
  } catch (err) {
    assert.ok(err instanceof MalformedPolicyDocumentError, `unexpected ${String(err)}`);
    assert.equal(typeof err.message, 'string');
    return;
  }
  accepted++;
  assertCanonical(doc, input);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
}

// Values that often make a statement valid, mixed with arbitrary JSON of the wrong type.
const word = fc.constantFrom(
  '*', 's3:GetObject', 'sts:AssumeRole', 'sts:TagSession', 'iam:*', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/r',
  'arn:aws:iam::123456789012:root', '123456789012', 'ec2.amazonaws.com', 'Allow', 'Deny', 'allow', '', 'a:b:c', 'arn:aws::::x',
  '2012-10-17', '2008-10-17', '2017-07-01T00:00:00Z', '__proto__', 'constructor', 'prototype', 'toString',
);
const scalar = fc.oneof(word, fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));
const valueish = fc.oneof(
  { weight: 5, arbitrary: word },
  { weight: 3, arbitrary: fc.array(fc.oneof(word, scalar), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const conditionBlock = fc.dictionary(
  fc.oneof(fc.constantFrom('aws:SourceIp', 'aws:CurrentTime', 's3:prefix', '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
  fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 3 },
);
const condition = fc.oneof(
  fc.dictionary(
    fc.constantFrom('StringEquals', 'StringLike', 'DateLessThan', 'ForAnyValue:StringLike', 'ForAllValues:StringEqualsIfExists', 'Bool', 'NumericLessThan', 'Foo', '__proto__', 'constructor'),
    fc.oneof({ weight: 4, arbitrary: conditionBlock }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
    { maxKeys: 3 },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const principal = fc.oneof(
  fc.constant('*'),
  fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'aws', '__proto__'), valueish, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const statementKeys = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'] as const;
const statement = fc
  .record(
    {
      Sid: valueish, Effect: fc.oneof(word, scalar), Action: valueish, NotAction: valueish, Resource: valueish, NotResource: valueish,
      Principal: principal, NotPrincipal: principal, Condition: condition, __proto__: fc.jsonValue({ maxDepth: 2 }), Extra: scalar,
    },
    { requiredKeys: [] },
  )
  .map((st) => {
    // Keep the common shape most of the time so deeper checks get exercised.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of [...statementKeys, '__proto__', 'Extra']) if (Object.prototype.hasOwnProperty.call(st, k)) out[k] = (st as Record<string, unknown>)[k];
    return out;
  });
const document = fc.record(
  {
    Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), scalar),
    Id: scalar,
    Statement: fc.oneof({ weight: 3, arbitrary: fc.array(statement, { maxLength: 4 }) }, { weight: 2, arbitrary: statement }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
    constructor: scalar,
  },
  { requiredKeys: ['Statement'] },
);
const kind = fc.constantFrom(...KINDS);

/** Mostly-valid documents for one kind: each element is right with probability 8/9, else hostile. */
function sometimesWrong<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: valueish });
}
const validCondition = fc.dictionary(
  fc.constantFrom('StringEquals', 'StringLike', 'ForAnyValue:StringLike', 'StringEqualsIfExists', 'Bool', 'NumericLessThan', 'DateGreaterThan', 'IpAddress'),
  fc.dictionary(
    fc.oneof(fc.constantFrom('aws:PrincipalTag/team', 'aws:SourceIp', 'aws:CurrentTime', '__proto__', 'constructor'), fc.string({ maxLength: 10 })),
    fc.oneof(fc.constantFrom('2020-01-01T00:00:00Z', '1700000000', 'x'), fc.integer({ min: 0 }), fc.boolean(), fc.array(fc.constantFrom('a', '10.0.0.0/8', '2020-01-01'), { maxLength: 3 })),
    { maxKeys: 2 },
  ),
  { maxKeys: 2 },
);
function nearValidStatement(k: PolicyKind): fc.Arbitrary<Record<string, unknown>> {
  const trust = k === 'trust';
  const withPrincipal = k === 'trust' || k === 'resource' || k === 'rcp';
  const action = trust ? fc.constantFrom('sts:AssumeRole', ['sts:AssumeRole', 'sts:TagSession'], 'sts:AssumeRole*') : k === 'rcp' ? fc.constantFrom('s3:*', ['sqs:SendMessage', 'kms:Decrypt'], '*') : fc.constantFrom('s3:GetObject', ['iam:Get*', 'ec2:*'], '*');
  const principal = k === 'rcp' ? fc.constant('*') : fc.constantFrom('*', { AWS: '123456789012' }, { Service: ['ec2.amazonaws.com'] }, { AWS: ['arn:aws:iam::123456789012:role/r'] });
  return fc
    .record(
      {
        Sid: sometimesWrong(fc.constantFrom('A', 'B', 'C', '')),
        Effect: sometimesWrong(k === 'rcp' ? fc.constant('Deny') : fc.constantFrom('Allow', 'Deny')),
        Action: sometimesWrong(action),
        Resource: sometimesWrong(fc.constantFrom('*', ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], 'arn:aws:iam::123456789012:role/x')),
        Principal: sometimesWrong(principal),
        Condition: sometimesWrong(validCondition),
      },
      { requiredKeys: ['Effect', 'Action'] },
    )
    .map((st) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(st)) {
        if (key === 'Resource' && trust) continue;
        if (key === 'Principal' && !withPrincipal) continue;
        out[key] = value;
      }
      if (withPrincipal && out['Principal'] === undefined) out['Principal'] = k === 'rcp' ? '*' : { AWS: '123456789012' };
      if (!trust && out['Resource'] === undefined) out['Resource'] = '*';
      return out;
    });
}
const nearValid = kind.chain((k) =>
  fc.tuple(fc.constant(k), fc.record({ Version: sometimesWrong(fc.constant('2012-10-17')), Statement: fc.oneof(nearValidStatement(k), fc.array(nearValidStatement(k), { minLength: 1, maxLength: 3 })) })),
);

void describe('validatePolicy fuzz', () => {
  void it('structured near-valid documents, as objects and as text', () => {
    fc.assert(
      fc.property(document, kind, fc.boolean(), (doc, k, asText) => {
        run(asText ? JSON.stringify(doc) : doc, k);
      }),
      { numRuns: 4000 },
    );
  });

  void it('near-valid documents of each kind', () => {
    fc.assert(
      fc.property(nearValid, fc.boolean(), ([k, doc], asText) => {
        run(asText ? JSON.stringify(doc) : doc, k);
      }),
      { numRuns: 3000 },
    );
  });

  void it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), kind, fc.boolean(), (v, k, asText) => {
        run(asText ? JSON.stringify(v) : v, k);
      }),
      { numRuns: 2000 },
    );
  });

  void it('random and mutated text', () => {
    const base = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"a:b":["c",1,true]}}}]}';
    const mutated = fc.tuple(fc.nat(base.length), fc.nat(8), fc.string({ maxLength: 6 })).map(([at, cut, ins]) => base.slice(0, at) + ins + base.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), mutated), kind, (text, k) => run(text, k)),
      { numRuns: 2000 },
    );
  });

  void it('deep nesting and huge arrays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('[', '{"a":'), kind, (depth, open, k) => {
        const close = open === '[' ? ']' : '}';
        run(`{"Version":"2012-10-17","Statement":${open.repeat(depth)}1${close.repeat(depth)}}`, k);
        let nested: unknown = 1;
        for (let i = 0; i < Math.min(depth, 2000); i++) nested = [nested];
        run({ Version: '2012-10-17', Statement: nested }, k);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 50000 }), kind, (n, k) => {
        const actions = Array.from({ length: n }, (_, i) => `s3:Get${i}`);
        run({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: actions, Resource: '*' }] }, k);
        run(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"${'x'.repeat(n)}"}]}`, k);
      }),
      { numRuns: 20 },
    );
  });

  void it('hostile JavaScript values never escape as other errors', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic['Statement'] = cyclic;
    const getter = { Version: '2012-10-17', get Statement(): unknown { throw new Error('boom'); } };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const v of [cyclic, getter, proxy, undefined, () => 1, Symbol('s'), 10n, Number.NaN, [undefined], { Statement: [{ Effect: 'Allow', Action: Infinity }] }]) {
      for (const k of KINDS) run(v, k);
    }
    const polluting = JSON.parse('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"__proto__":{"polluted":["yes"]}}}}') as unknown;
    for (const k of KINDS) run(polluting, k);
  });

  void it(`ran at least 10,000 documents`, () => {
    assert.ok(runs >= 10000, `only ${runs}`);
    // The generators must reach past the grammar often enough to exercise the canonical form.
    assert.ok(accepted >= 100, `only ${accepted} documents were accepted`);
    console.log(`fuzz: ${runs} documents, ${accepted} accepted`);
  });
});
