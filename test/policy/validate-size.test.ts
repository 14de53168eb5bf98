/** Size and character-set helpers (reference_iam-quotas.html; IAM API policyDocumentType pattern). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasOnlyAllowedPolicyCharacters, organizationsPolicySize, policySize } from '../../src/policy/size.js';

void describe('policy size', () => {
  void it('IAM does not count white space; Organizations counts every character', () => {
    const text = '{\n\t"Version": "2012-10-17",\r\n "Statement": []}';
    assert.equal(policySize(text), '{"Version":"2012-10-17","Statement":[]}'.length);
    assert.equal(organizationsPolicySize(text), text.length);
  });
  void it('allows tab, LF, CR and U+0020–U+00FF only', () => {
    assert.equal(hasOnlyAllowedPolicyCharacters('{"Sid":"café ÿ"}\t\r\n'), true);
    assert.equal(hasOnlyAllowedPolicyCharacters('{"Sid":"€"}'), false);
    assert.equal(hasOnlyAllowedPolicyCharacters('a\u0000b'), false);
    assert.equal(hasOnlyAllowedPolicyCharacters('a\u000bb'), false);
    assert.equal(hasOnlyAllowedPolicyCharacters(''), false);
  });
});
