/**
 * The form decoder's fast path must give exactly what the URL Standard's parser (URLSearchParams)
 * gives, for well-formed and malformed input alike; and the parameter decoder counts length in
 * code points, as AWS does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeParams } from '../../src/http/query-decode.js';
import { parseForm } from '../../src/http/form.js';
import { AwsError } from '../../src/core/errors.js';

const reference = (query: string, body: string): [string, string][] => {
  const m = new Map<string, string>();
  for (const s of [query, body]) for (const [k, v] of new URLSearchParams(s)) m.set(k, v);
  return [...m];
};

describe('parseForm', () => {
  const cases = [
    '',
    'Action=GetCallerIdentity&Version=2011-06-15',
    'RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fx&RoleSessionName=s',
    'a=1+2&b=%2B&c=+%20+',
    'a&b=&=c&&d==e',
    'bad=%&worse=%zz&tail=%4',
    'half=%E2%82&ok=1',
    'emoji=%F0%9F%98%80&plain=😀',
    'dup=1&dup=1',
    '&&&',
    'Policy=%7B%22Version%22%3A%222012-10-17%22%7D',
    'x=%C3%A9%e2%82%ac',
    // ARNs' decoding is remembered: the same piece twice, a malformed one, one with "+".
    'a=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx&b=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx',
    'RoleArn=arn%3Abad%zz',
    'RoleArn=arn%3Aa+b%2F&again=arn%3Aa+b%2F',
  ];
  for (const c of cases) {
    it(`matches URLSearchParams: ${JSON.stringify(c)}`, () => {
      assert.deepEqual([...parseForm(c, '')], reference(c, ''));
      assert.deepEqual([...parseForm('', c)], reference('', c));
    });
  }

  it('refuses a query naming a parameter twice with different values (the query is signed sorted); the body keeps the last', () => {
    assert.throws(() => parseForm('dup=1&dup=2', ''), { code: 'InvalidParameterValue', message: "The query string repeats the parameter 'dup' with different values." });
    assert.throws(() => parseForm('d%75p=1&dup=2', ''), { code: 'InvalidParameterValue' });
    assert.deepEqual([...parseForm('', 'dup=1&dup=2')], reference('', 'dup=1&dup=2'));
  });

  it('lets the body win over the query', () => {
    assert.deepEqual([...parseForm('Action=A&x=1', 'Action=B')], reference('Action=A&x=1', 'Action=B'));
  });

  it('matches URLSearchParams on generated input', () => {
    const alphabet = ['a', 'B', '=', '&', '+', '%', '2', 'F', 'E', '9', 'z', ' ', 'é', '😀', '%2', '%F0', '%9F'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 3000; n++) {
      let s = '';
      for (let i = next() % 24; i > 0; i--) s += alphabet[next() % alphabet.length];
      assert.deepEqual([...parseForm('', s)], reference('', s), JSON.stringify(s));
    }
  });
});

describe('decodeParams lengths', () => {
  const spec = { Name: { type: 'string' as const, min: 2, max: 3, required: true } } as const;
  it('counts a surrogate pair as one character', () => {
    assert.deepEqual(decodeParams(new Map([['Name', '😀😀😀']]), spec), { Name: '😀😀😀' });
    assert.throws(
      () => decodeParams(new Map([['Name', '😀😀😀😀']]), spec),
      (e: unknown) => e instanceof AwsError && e.message.includes('Member must have length less than or equal to 3'),
    );
    assert.throws(
      () => decodeParams(new Map([['Name', '😀']]), spec),
      (e: unknown) => e instanceof AwsError && e.message.includes('Member must have length greater than or equal to 2'),
    );
  });
  it('counts a lone surrogate as one character', () => {
    assert.deepEqual(decodeParams(new Map([['Name', '\ud83dab']]), spec), { Name: '\ud83dab' });
  });
  it('still reports a missing required member and skips absent optional ones', () => {
    const s = { A: { type: 'string' as const, required: true }, B: { type: 'integer' as const }, C: { type: 'boolean' as const } } as const;
    assert.throws(() => decodeParams(new Map(), s), (e: unknown) => e instanceof AwsError && e.message === "1 validation error detected: Value null at 'a' failed to satisfy constraint: Member must not be null");
    assert.deepEqual(decodeParams(new Map([['A', 'x']]), s), { A: 'x' });
  });
});
