// Paging through a 12,000-member group by @odata.nextLink, and the membership cache that keeps
// one chat turn from paging through it twice (time driven by the clock option, not by waiting).
import assert from 'node:assert/strict';
import { generateTopology } from '../../../../migration/demo-topology';
import type { Clock } from '../../../../migration/ports';
import { isLyncOpsError } from '../../../../migration/errors';
import { startFakeGraph, type FakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted, graphDirectoryFor } from '../../../helpers/graph/directory';

const ALL_STAFF = '77777777-0000-4000-8000-000000000001';
const PILOT = '44444444-0000-4000-8000-000000000001';
const MEMBERS = 12_000;

function manualClock(start = 1_800_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

describe('GraphDirectory paging and membership cache', () => {
  let fake: FakeGraph;

  before(async () => {
    assertFakeGraphTrusted();
    const topology = generateTopology({ usersPerSite: 3000, name: 'large' });
    const staff = topology.users.filter((u) => !u.testUser).slice(0, MEMBERS).map((u) => u.sip);
    assert.equal(staff.length, MEMBERS);
    fake = await startFakeGraph({ topology, extraGroups: [{ id: ALL_STAFF, name: 'All Staff', members: staff }] });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.setBehaviour();
    fake.requests.length = 0;
  });

  const memberPages = () => fake.graphRequests(`groups/${ALL_STAFF}/transitiveMembers`);

  it('follows every @odata.nextLink through 12,000 members, asking for each page once', async () => {
    const members = await graphDirectoryFor(fake).transitiveMembers(ALL_STAFF);
    assert.equal(members.length, MEMBERS);
    assert.equal(new Set(members.map((m) => m.aadObjectId)).size, MEMBERS);
    assert.ok(members.every((m) => m.sip?.endsWith('@contoso.com')));
    const pages = memberPages();
    assert.equal(pages.length, Math.ceil(MEMBERS / 999));
    const tokens = pages.map((p) => p.query.$skiptoken);
    assert.equal(tokens[0], undefined);
    assert.equal(new Set(tokens).size, pages.length);
    assert.ok(pages.every((p) => p.query.$top === '999' && p.query.$select === 'id,displayName,userPrincipalName,imAddresses,proxyAddresses'));
    assert.ok(pages.every((p) => p.headers.authorization?.startsWith('Bearer ')));
  });

  it('serves the second call from the cache without a request', async () => {
    const directory = graphDirectoryFor(fake, { clock: manualClock() });
    const first = await directory.transitiveMembers(ALL_STAFF);
    const requests = fake.requests.length;
    const second = await directory.transitiveMembers(ALL_STAFF);
    assert.equal(fake.requests.length, requests);
    assert.deepEqual(second, first);
    second.pop();
    assert.equal((await directory.transitiveMembers(ALL_STAFF)).length, MEMBERS, 'callers get their own copy');
  });

  it('asks Graph again once the TTL has passed on the clock', async () => {
    const clock = manualClock();
    const directory = graphDirectoryFor(fake, { clock, cacheTtlMs: 60_000 });
    await directory.transitiveMembers(PILOT);
    clock.advance(59_999);
    await directory.transitiveMembers(PILOT);
    assert.equal(fake.graphRequests(`groups/${PILOT}`).length, 1);
    clock.advance(1);
    await directory.transitiveMembers(PILOT);
    assert.equal(fake.graphRequests(`groups/${PILOT}`).length, 2);
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    const directory = graphDirectoryFor(fake);
    const results = await Promise.all([directory.transitiveMembers(ALL_STAFF), directory.transitiveMembers(ALL_STAFF), directory.transitiveMembers(ALL_STAFF)]);
    assert.ok(results.every((r) => r.length === MEMBERS));
    assert.equal(memberPages().length, Math.ceil(MEMBERS / 999));
  });

  it('keeps groups apart and can be told to forget', async () => {
    const directory = graphDirectoryFor(fake);
    await directory.transitiveMembers(PILOT);
    await directory.transitiveMembers(ALL_STAFF);
    directory.invalidate(PILOT);
    await directory.transitiveMembers(PILOT);
    await directory.transitiveMembers(ALL_STAFF);
    assert.equal(fake.graphRequests(`groups/${PILOT}`).length, 2);
    assert.equal(memberPages().length, Math.ceil(MEMBERS / 999));
  });

  it('does not cache a fetch that failed half-way, and the next call pages from the start', async () => {
    const directory = graphDirectoryFor(fake);
    fake.setBehaviour({ kind: 'malformed', match: /transitiveMembers/, skip: 2, times: 1 });
    await assert.rejects(directory.transitiveMembers(ALL_STAFF), (e: unknown) => isLyncOpsError(e) && e.code === 'DIRECTORY_UNAVAILABLE');
    const failedPages = memberPages().length;
    assert.equal(failedPages, 3);
    assert.equal((await directory.transitiveMembers(ALL_STAFF)).length, MEMBERS);
    assert.equal(memberPages().length, failedPages + Math.ceil(MEMBERS / 999));
  });
});
