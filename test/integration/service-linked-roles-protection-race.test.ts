/**
 * A service-linked role's protection holds in the write's own transaction, not only in the
 * authorization before it. The built-in rule (src/policy/built-in-rules.ts) decides on the role
 * as authorization reads it; if the role is deleted and made again by CreateServiceLinkedRole in
 * between — another node's requests, or this node's racing — the write must still be refused
 * (UnmodifiableEntity), or a caller held back by SCPs could, say, make a service-linked role (which
 * no SCP governs) trust itself.
 *
 * The race is made deterministic: the test holds the store's writer with a transaction of its own
 * (the other node's DeleteRole + CreateServiceLinkedRole, committing the very records
 * CreateServiceLinkedRole wrote), lets the request pass authorization against the ordinary role
 * and reach its write, and only then commits. With a fixed clock no last-use record is written
 * for the request (each was recorded by the warm-up call), so the first write() the request makes
 * is its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { KIND, type RoleData, nameKey } from '../../src/iam/model.js';
import type { Item, Store, WriteTx } from '../../src/store/types.js';
import { trustAccount } from '../support/fixtures.js';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { settled } from '../support/service-linked.js';

const SERVICE = 'autoscaling.amazonaws.com';
const NAME = 'AWSServiceRoleForAutoScaling';
const SLR_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const PROFILE = 'race-profile';
const FIXED = new Date('2026-12-07T12:00:00Z');

describe('service-linked role protection against a role replaced between authorization and write', () => {
  let t: TestServer;
  let iam: IAMClient;
  /** What CreateServiceLinkedRole committed: the role, its attachment and the policy's entity entry. */
  let committed: Item[];
  let trust: string;

  before(async () => {
    t = await startTestServer({ now: () => FIXED });
    iam = t.iam();
    const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: SERVICE }))).Role;
    trust = decodeURIComponent(role?.AssumeRolePolicyDocument ?? '');
    const key = nameKey(NAME);
    committed = await t.server.store.read(async (tx) =>
      Promise.all([
        tx.get<RoleData>(t.account, KIND.role, key),
        tx.get(t.account, KIND.attachment, `role/${key}/${SLR_POLICY}`),
        tx.get(t.account, KIND.policyEntity, `${SLR_POLICY}/role/${key}`),
      ]).then((items) => items.map((i) => i ?? assert.fail('CreateServiceLinkedRole wrote less than expected'))),
    );
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: PROFILE }));
  });
  after(async () => t.close());

  /** The service-linked role deleted and an ordinary role of the same name in its place. */
  async function ordinaryRole(): Promise<void> {
    const id = (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: NAME }))).DeletionTaskId ?? '';
    assert.equal((await settled(iam, id)).Status, 'SUCCEEDED');
    await iam.send(new CreateRoleCommand({ RoleName: NAME, AssumeRolePolicyDocument: JSON.stringify(trustAccount(t.account)) }));
  }

  /**
   * Sends the request while the test holds the writer; once the request calls write() (it has
   * been authorized), the held transaction replaces the ordinary role with the service-linked one
   * and commits, and the request's transaction runs after it.
   */
  async function race(send: () => Promise<unknown>): Promise<{ readonly outcome: Promise<unknown> }> {
    const store: Store = t.server.store;
    const original = store.write.bind(store);
    let reached!: () => void;
    const called = new Promise<void>((resolve) => (reached = resolve));
    const replaced = store.write(async (tx: WriteTx) => {
      await called;
      const old = await tx.get<RoleData>(t.account, KIND.role, nameKey(NAME));
      assert.ok(old !== undefined && old.data.serviceLinked === undefined);
      await tx.delete(t.account, KIND.role, old.key, old.version);
      for (const i of committed) await tx.put({ account: i.account, kind: i.kind, key: i.key, ...(i.id === undefined ? {} : { id: i.id }), data: i.data }, 0);
    });
    store.write = <T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> => {
      store.write = original;
      reached();
      return original(fn);
    };
    const outcome = send();
    outcome.catch(() => {}); // asserted by the caller
    try {
      await replaced;
    } finally {
      store.write = original;
    }
    return { outcome };
  }

  const cases: [string, (roleName: string) => Promise<unknown>][] = [
    ['UpdateAssumeRolePolicy', (r) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: r, PolicyDocument: JSON.stringify(trustAccount(t.account)) }))],
    ['AttachRolePolicy', (r) => iam.send(new AttachRolePolicyCommand({ RoleName: r, PolicyArn: ADMIN_POLICY }))],
    ['DetachRolePolicy', (r) => iam.send(new DetachRolePolicyCommand({ RoleName: r, PolicyArn: SLR_POLICY }))],
    ['PutRolePolicy', (r) => iam.send(new PutRolePolicyCommand({ RoleName: r, PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }))],
    ['PutRolePermissionsBoundary', (r) => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: r, PermissionsBoundary: ADMIN_POLICY }))],
    ['DeleteRole', (r) => iam.send(new DeleteRoleCommand({ RoleName: r }))],
    ['AddRoleToInstanceProfile', (r) => iam.send(new AddRoleToInstanceProfileCommand({ RoleName: r, InstanceProfileName: PROFILE }))],
  ];

  for (const [name, send] of cases) {
    it(`${name}: refused with UnmodifiableEntity when the role became service-linked after authorization`, async () => {
      await ordinaryRole();
      // Warm-up: the last-use records of this caller and action are written now, not in the race.
      await send('race-nobody').catch(() => {});
      await rejectsWith((await race(() => send(NAME))).outcome, 'UnmodifiableEntity', `Cannot perform the operation on the protected role '${NAME}' - this role is only modifiable by AWS`);
      // The service-linked role is as CreateServiceLinkedRole made it.
      const role = (await iam.send(new GetRoleCommand({ RoleName: NAME }))).Role;
      assert.equal(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''), trust);
      assert.equal(role?.PermissionsBoundary, undefined);
      assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: NAME }))).AttachedPolicies?.map((p) => p.PolicyArn), [SLR_POLICY]);
      assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: NAME }))).InstanceProfiles, []);
    });
  }
});
