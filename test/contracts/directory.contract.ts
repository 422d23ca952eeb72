// Behaviour every Directory shares for the demo people and groups (users by AAD object id, roles,
// groups by name, transitive members, membership), asserted through the port only so the static
// directory and the Graph adapter are held to the same contract.
import assert from 'node:assert/strict';
import { isLyncOpsError } from '../../migration/errors';
import type { Directory } from '../../migration/ports';

const ALEX = '00000000-0000-0000-0000-0000000000020';
const ALICE = '11111111-0000-0000-0000-000000000001';
const BOB = '11111111-0000-0000-0000-000000000002';
const DAVE = '11111111-0000-0000-0000-000000000004';
const HELGA = '11111111-0000-0000-0000-000000000005';
const ERIN = '11111111-0000-0000-0000-000000000006';

export function directoryContract(name: string, make: () => Promise<{ directory: Directory; cleanup(): Promise<void> }>): void {
  describe(`Directory contract: ${name}`, () => {
    let directory: Directory;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ directory, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('finds Alex Wilber by AAD object id, with his SIP address, as an admin', async () => {
      const alex = await directory.userByAadObjectId(ALEX);
      assert.ok(alex);
      assert.equal(alex.aadObjectId, ALEX);
      assert.equal(alex.displayName, 'Alex Wilber');
      assert.equal(alex.sip, 'alex.wilber@contoso.com');
      assert.equal(await directory.roleOf(alex), 'admin');
    });

    it('gives alice the user role and helga the helpdesk role', async () => {
      const alice = await directory.userByAadObjectId(ALICE);
      assert.equal(alice?.sip, 'alice@contoso.com');
      assert.equal(await directory.roleOf(alice!), 'user');
      const helga = await directory.userByAadObjectId(HELGA);
      assert.equal(helga?.sip, 'helga@contoso.com');
      assert.equal(await directory.roleOf(helga!), 'helpdesk');
    });

    it('answers null for an unknown AAD object id', async () => {
      assert.equal(await directory.userByAadObjectId('99999999-0000-0000-0000-000000000999'), null);
    });

    it('finds the Pilot group by name regardless of case', async () => {
      const exact = await directory.groupByName('Pilot');
      assert.ok(exact);
      assert.equal(exact.displayName, 'Pilot');
      assert.deepEqual(await directory.groupByName('pilot'), exact);
      assert.deepEqual(await directory.groupByName('PILOT'), exact);
    });

    it('answers null for a group that does not exist', async () => {
      assert.equal(await directory.groupByName('Atlantis'), null);
    });

    it('lists the Pilot members, alice, bob and erin among them, each once and with a SIP address', async () => {
      const pilot = await directory.groupByName('Pilot');
      const members = await directory.transitiveMembers(pilot!.id);
      const sips = members.map((m) => m.sip);
      for (const sip of ['alice@contoso.com', 'bob@contoso.com', 'erin@contoso.com']) assert.ok(sips.includes(sip), `${sip} is a pilot`);
      assert.ok(!sips.includes('dave@contoso.com'));
      assert.equal(new Set(members.map((m) => m.aadObjectId)).size, members.length);
      assert.ok(members.every((m) => m.sip && m.aadObjectId));
    });

    it('refuses transitive members of a group that does not exist (GROUP_NOT_FOUND)', async () => {
      await assert.rejects(directory.transitiveMembers('99999999-0000-4000-8000-000000000999'), (e: unknown) => {
        assert.ok(isLyncOpsError(e));
        assert.equal(e.code, 'GROUP_NOT_FOUND');
        return true;
      });
    });

    it('checks membership by AAD object id', async () => {
      const pilot = await directory.groupByName('Pilot');
      assert.equal(await directory.isMember(ALICE, pilot!.id), true);
      assert.equal(await directory.isMember(BOB, pilot!.id), true);
      assert.equal(await directory.isMember(ERIN, pilot!.id), true);
      assert.equal(await directory.isMember(DAVE, pilot!.id), false);
      const helpdesk = await directory.groupByName('Helpdesk');
      assert.equal(await directory.isMember(HELGA, helpdesk!.id), true);
      assert.equal(await directory.isMember(ALICE, helpdesk!.id), false);
    });
  });
}
