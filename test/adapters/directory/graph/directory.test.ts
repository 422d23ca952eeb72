// GraphDirectory over real HTTPS against the fake Graph: the requests it sends (paths, $select,
// $filter quoting, checkMemberGroups bodies) and what it makes of the answers (SIP addresses,
// groups by name or id, nested membership, roles).
import assert from 'node:assert/strict';
import type { GraphDirectory } from '../../../../adapters/directory/graph';
import { startFakeGraph, type FakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted, graphDirectoryFor } from '../../../helpers/graph/directory';

const ALEX = '00000000-0000-0000-0000-0000000000020';
const ALICE = '11111111-0000-0000-0000-000000000001';
const BOB = '11111111-0000-0000-0000-000000000002';
const CAROL = '11111111-0000-0000-0000-000000000003';
const DAVE = '11111111-0000-0000-0000-000000000004';
const HELGA = '11111111-0000-0000-0000-000000000005';
const ERIN = '11111111-0000-0000-0000-000000000006';
const PILOT = '44444444-0000-4000-8000-000000000001';
const OBRIEN = '66666666-0000-4000-8000-000000000001';
const ODD_NAME = '66666666-0000-4000-8000-000000000002';
const ALL_PILOTS = '66666666-0000-4000-8000-000000000003';

describe('GraphDirectory', () => {
  let fake: FakeGraph;
  let directory: GraphDirectory;

  before(async () => {
    assertFakeGraphTrusted();
    fake = await startFakeGraph({
      extraGroups: [
        { id: OBRIEN, name: "O'Brien's Team", members: ['carol@contoso.com'] },
        { id: ODD_NAME, name: 'R&D #1 + 50% Ops', members: ['dave@contoso.com'] },
        { id: ALL_PILOTS, name: 'All Pilots', members: ['carol@contoso.com', 'alice@contoso.com'], groups: [PILOT] },
      ],
    });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.setBehaviour();
    fake.requests.length = 0;
    directory = graphDirectoryFor(fake);
  });

  describe('userByAadObjectId', () => {
    it('asks for exactly the properties it needs and maps the user', async () => {
      const alice = await directory.userByAadObjectId(ALICE);
      assert.deepEqual(alice, { aadObjectId: ALICE, displayName: 'Alice Schulz', sip: 'alice@contoso.com', userPrincipalName: 'alice@contoso.com' });
      const [request] = fake.graphRequests('users');
      assert.equal(request.method, 'GET');
      assert.equal(request.path, `/v1.0/users/${ALICE}`);
      assert.equal(request.query.$select, 'id,displayName,userPrincipalName,imAddresses,proxyAddresses');
    });

    it('reads the SIP address from imAddresses with or without sip:, or from the SIP: proxy address', async () => {
      // The fake gives the demo users the three shapes in turn: Alex plain, Alice sip:, Bob proxy only.
      assert.deepEqual(fake.data.user(BOB)?.imAddresses, []);
      for (const [id, sip] of [[ALEX, 'alex.wilber@contoso.com'], [ALICE, 'alice@contoso.com'], [BOB, 'bob@contoso.com']]) {
        assert.equal((await directory.userByAadObjectId(id))?.sip, sip);
      }
    });

    it('answers null for an unknown id (404) and for an empty one without asking', async () => {
      assert.equal(await directory.userByAadObjectId('99999999-0000-0000-0000-000000000999'), null);
      assert.equal(await directory.userByAadObjectId('  '), null);
      assert.equal(fake.graphRequests().length, 1);
    });

    it('sends the bearer token on every call', async () => {
      await directory.userByAadObjectId(ALICE);
      await directory.groupByName('Pilot');
      const tokens = new Set(fake.graphRequests().map((r) => r.headers.authorization));
      assert.deepEqual([...tokens], [`Bearer ${fake.issuedTokens.at(-1)}`]);
    });
  });

  describe('groupByName', () => {
    it('filters by display name with $select and finds the group whatever the case', async () => {
      assert.deepEqual(await directory.groupByName('pilot'), { id: PILOT, displayName: 'Pilot' });
      const [request] = fake.graphRequests('groups');
      assert.equal(request.path, '/v1.0/groups');
      assert.equal(request.query.$filter, "displayName eq 'pilot'");
      assert.equal(request.query.$select, 'id,displayName');
    });

    it("doubles single quotes in the OData literal (O'Brien)", async () => {
      assert.deepEqual(await directory.groupByName("O'Brien's Team"), { id: OBRIEN, displayName: "O'Brien's Team" });
      assert.equal(fake.graphRequests('groups')[0].query.$filter, "displayName eq 'O''Brien''s Team'");
    });

    it('keeps &, # and + inside the filter value', async () => {
      assert.deepEqual(await directory.groupByName('R&D #1 + 50% Ops'), { id: ODD_NAME, displayName: 'R&D #1 + 50% Ops' });
      assert.equal(fake.graphRequests('groups')[0].query.$filter, "displayName eq 'R&D #1 + 50% Ops'");
    });

    it('accepts an object id and reads the group directly', async () => {
      assert.deepEqual(await directory.groupByName(PILOT), { id: PILOT, displayName: 'Pilot' });
      assert.deepEqual(fake.graphRequests().map((r) => r.path), [`/v1.0/groups/${PILOT}`]);
    });

    it('answers null for an unknown name or id', async () => {
      assert.equal(await directory.groupByName('Atlantis'), null);
      assert.equal(await directory.groupByName('99999999-0000-4000-8000-000000000999'), null);
    });

    it('answers null when Graph says 404 for the group', async () => {
      fake.setBehaviour({ kind: 'notFound', match: /^\/v1\.0\/groups\// });
      assert.equal(await directory.groupByName(PILOT), null);
    });
  });

  describe('transitiveMembers', () => {
    it('asks for users only, with $select and $top=999, and maps every member', async () => {
      const members = await directory.transitiveMembers(PILOT);
      const [request] = fake.graphRequests('groups');
      assert.equal(request.path, `/v1.0/groups/${PILOT}/transitiveMembers/microsoft.graph.user`);
      assert.equal(request.query.$top, '999');
      assert.equal(request.query.$select, 'id,displayName,userPrincipalName,imAddresses,proxyAddresses');
      assert.equal(request.headers.consistencylevel, undefined);
      assert.equal(members.length, fake.data.transitiveUsers(PILOT).length);
      assert.ok(members.every((m) => m.sip && m.sip === m.sip.toLowerCase() && !m.sip.startsWith('sip:')));
    });

    it('includes members of nested groups once and no group objects', async () => {
      const members = await directory.transitiveMembers(ALL_PILOTS);
      const ids = members.map((m) => m.aadObjectId);
      assert.equal(new Set(ids).size, ids.length);
      for (const id of [ALICE, BOB, CAROL, ERIN]) assert.ok(ids.includes(id), id);
      assert.ok(!ids.includes(PILOT));
      assert.equal(members.length, fake.data.transitiveUsers(PILOT).length + 1);
    });
  });

  describe('isMember', () => {
    it('posts checkMemberGroups with the group id, nested membership included', async () => {
      assert.equal(await directory.isMember(BOB, ALL_PILOTS), true);
      const [request] = fake.graphRequests('users');
      assert.equal(request.method, 'POST');
      assert.equal(request.path, `/v1.0/users/${BOB}/checkMemberGroups`);
      assert.deepEqual(JSON.parse(request.body), { groupIds: [ALL_PILOTS] });
      assert.equal(await directory.isMember(DAVE, ALL_PILOTS), false);
    });

    it('is false for an unknown user, and resolves a display name given instead of an id', async () => {
      assert.equal(await directory.isMember('99999999-0000-0000-0000-000000000999', PILOT), false);
      assert.equal(await directory.isMember(CAROL, "O'Brien's Team"), true);
      assert.equal(await directory.isMember(CAROL, 'Atlantis'), false);
    });
  });

  describe('roleOf', () => {
    it('asks checkMemberGroups once with both role group ids and ranks admin over helpdesk', async () => {
      const erin = (await directory.userByAadObjectId(ERIN))!;
      assert.equal(await directory.roleOf(erin), 'admin');
      const [admins] = fake.data.groupsNamed('LyncOps Admins');
      const [helpdesk] = fake.data.groupsNamed('LyncOps Helpdesk');
      const checks = fake.graphRequests('users').filter((r) => r.method === 'POST');
      assert.equal(checks.length, 1);
      assert.deepEqual(JSON.parse(checks[0].body), { groupIds: [admins.id, helpdesk.id] });
      assert.equal(await directory.roleOf((await directory.userByAadObjectId(HELGA))!), 'helpdesk');
      assert.equal(await directory.roleOf((await directory.userByAadObjectId(DAVE))!), 'user');
    });

    it('resolves the role group names once, not per turn', async () => {
      for (const id of [ALEX, ALICE, HELGA]) await directory.roleOf((await directory.userByAadObjectId(id))!);
      assert.equal(fake.graphRequests('groups').length, 2);
    });

    it('makes configured admin users admins by SIP or AAD id without asking Graph', async () => {
      const configured = graphDirectoryFor(fake, { adminUsers: ['SIP:Dave@Contoso.com', CAROL.toUpperCase()] });
      fake.requests.length = 0;
      assert.equal(await configured.roleOf({ aadObjectId: DAVE, displayName: 'Dave', sip: 'dave@contoso.com' }), 'admin');
      assert.equal(await configured.roleOf({ aadObjectId: CAROL, displayName: 'Carol' }), 'admin');
      assert.equal(fake.graphRequests().length, 0);
    });

    it('gives everyone the user role when no role groups are configured', async () => {
      const plain = graphDirectoryFor(fake, { adminGroup: undefined, helpdeskGroup: undefined });
      fake.requests.length = 0;
      assert.equal(await plain.roleOf({ aadObjectId: ALEX, displayName: 'Alex Wilber' }), 'user');
      assert.equal(fake.graphRequests().length, 0);
    });

    it('ignores a role group that does not exist and keeps the other', async () => {
      const partly = graphDirectoryFor(fake, { adminGroup: 'No Such Group' });
      assert.equal(await partly.roleOf({ aadObjectId: ALEX, displayName: 'Alex Wilber' }), 'user');
      assert.equal(await partly.roleOf({ aadObjectId: HELGA, displayName: 'Helga Lorenz' }), 'helpdesk');
    });

    it('is user for someone Graph does not know', async () => {
      assert.equal(await directory.roleOf({ aadObjectId: '99999999-0000-0000-0000-000000000999', displayName: 'Ghost' }), 'user');
    });
  });
});
