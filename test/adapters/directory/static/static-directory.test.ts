// The static directory beyond the shared contract: configured admin users and groups, group
// lookup by alias or id, nested groups, and input validation.
import assert from 'node:assert/strict';
import { StaticDirectory } from '../../../../adapters/directory/static';
import { demoTopology } from '../../../../migration/demo-topology';
import { isLyncOpsError } from '../../../../migration/errors';
import { parseTopology } from '../../../../migration/topology';

const ALICE = '11111111-0000-0000-0000-000000000001';
const CAROL = '11111111-0000-0000-0000-000000000003';
const HELGA = '11111111-0000-0000-0000-000000000005';

const smallTopology = () =>
  parseTopology({
    sipDomain: 'contoso.com',
    sites: [{ name: 'Berlin', ocsPool: 'ocs-ber.contoso.local' }],
    pools: [{ fqdn: 'ocs-ber.contoso.local', version: 'OCS2007R2', site: 'Berlin', computers: [] }],
    users: [
      { sip: 'ann@contoso.com', displayName: 'Ann', aadObjectId: 'aaaa-1', homePool: 'ocs-ber.contoso.local' },
      { sip: 'ben@contoso.com', displayName: 'Ben', aadObjectId: 'aaaa-2', homePool: 'ocs-ber.contoso.local' },
      { sip: 'cem@contoso.com', displayName: 'Cem', aadObjectId: 'aaaa-3', homePool: 'ocs-ber.contoso.local' },
    ],
    groups: [
      { id: 'g-outer', name: 'Outer', members: ['ann@contoso.com', 'Inner'] },
      { id: 'g-inner', name: 'Inner', members: ['sip:BEN@contoso.com', 'g-outer', 'ghost@contoso.com'] },
      { id: 'g-other', name: 'Other', aliases: ['Outer Ring'], members: ['cem@contoso.com'] },
    ],
  });

describe('StaticDirectory', () => {
  it('makes configured admin users admins, by SIP address or AAD object id', async () => {
    const directory = new StaticDirectory(demoTopology(), { adminUsers: ['sip:Alice@Contoso.com', CAROL.toUpperCase()] });
    assert.equal(await directory.roleOf((await directory.userByAadObjectId(ALICE))!), 'admin');
    assert.equal(await directory.roleOf((await directory.userByAadObjectId(CAROL))!), 'admin');
    assert.equal(await directory.roleOf((await directory.userByAadObjectId(HELGA))!), 'helpdesk');
  });

  it('derives roles from configured groups before the topology role field', async () => {
    const directory = new StaticDirectory(demoTopology(), { adminGroup: 'pilot group', helpdeskGroup: 'Sales Berlin' });
    assert.equal(await directory.roleOf((await directory.userByAadObjectId(ALICE))!), 'admin');
    const sales = await directory.transitiveMembers((await directory.groupByName('Vertrieb Berlin'))!.id);
    assert.ok(sales.length > 0);
    assert.equal(await directory.roleOf(sales[0]), 'helpdesk');
    // helga is helpdesk only through the topology's role field
    assert.equal(await directory.roleOf((await directory.userByAadObjectId(HELGA))!), 'helpdesk');
  });

  it('gives an unknown person the user role, and still honours adminUsers for them', async () => {
    const directory = new StaticDirectory(demoTopology(), { adminUsers: ['stranger@contoso.com'] });
    assert.equal(await directory.roleOf({ aadObjectId: 'nobody', displayName: 'Nobody' }), 'user');
    assert.equal(await directory.roleOf({ aadObjectId: 'x', displayName: 'Stranger', sip: 'stranger@contoso.com' }), 'admin');
  });

  it('finds groups by alias and by object id', async () => {
    const directory = new StaticDirectory(demoTopology());
    const pilot = await directory.groupByName('Pilotgruppe');
    assert.deepEqual(pilot, { id: '44444444-0000-4000-8000-000000000001', displayName: 'Pilot' });
    assert.deepEqual(await directory.groupByName('  44444444-0000-4000-8000-000000000001 '), pilot);
    assert.deepEqual(await directory.groupByName('finanzen'), { id: '44444444-0000-4000-8000-000000000003', displayName: 'Finance' });
  });

  it('prefers a group name over another group alias', async () => {
    const directory = new StaticDirectory(smallTopology());
    assert.equal((await directory.groupByName('outer'))?.id, 'g-outer');
    assert.equal((await directory.groupByName('outer ring'))?.id, 'g-other');
  });

  it('expands nested groups transitively, stopping at cycles and skipping unknown accounts', async () => {
    const directory = new StaticDirectory(smallTopology());
    const members = await directory.transitiveMembers('g-outer');
    assert.deepEqual(members.map((m) => m.sip).sort(), ['ann@contoso.com', 'ben@contoso.com']);
    assert.deepEqual(members.find((m) => m.sip === 'ben@contoso.com'), {
      aadObjectId: 'aaaa-2',
      displayName: 'Ben',
      sip: 'ben@contoso.com',
      userPrincipalName: 'ben@contoso.com',
    });
    assert.equal(await directory.isMember('aaaa-2', 'g-outer'), true);
    assert.equal(await directory.isMember('AAAA-1', 'g-inner'), true);
    assert.equal(await directory.isMember('aaaa-3', 'g-outer'), false);
    assert.equal(await directory.isMember('aaaa-1', 'g-missing'), false);
  });

  it('validates its input and options', async () => {
    const directory = new StaticDirectory(demoTopology());
    await assert.rejects(directory.userByAadObjectId(''), (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT');
    await assert.rejects(directory.groupByName('   '), (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT');
    assert.throws(() => new StaticDirectory(demoTopology(), { adminUsers: [''] }), (e: unknown) => isLyncOpsError(e) && e.code === 'INVALID_INPUT');
  });
});
