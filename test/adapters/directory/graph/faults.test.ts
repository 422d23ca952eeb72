// What GraphDirectory does when Graph misbehaves: throttling and 503/504 with Retry-After
// (retried through the client's RetryHandler, bounded), malformed and unparsable bodies, slow
// answers past the timeout, dropped connections, unknown groups. Every failure is a coded error.
import assert from 'node:assert/strict';
import { isLyncOpsError, type ErrorCode } from '../../../../migration/errors';
import { startFakeGraph, type FakeGraph } from '../../../../testkit/fake-graph';
import { assertFakeGraphTrusted, graphDirectoryFor } from '../../../helpers/graph/directory';

const PILOT = '44444444-0000-4000-8000-000000000001';
const ALICE = '11111111-0000-0000-0000-000000000001';
const EVERYONE = '77777777-0000-4000-8000-000000000002';

function coded(code: ErrorCode, message?: RegExp) {
  return (e: unknown) => {
    assert.ok(isLyncOpsError(e), `expected a LyncOpsError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  };
}

describe('GraphDirectory when Graph misbehaves', () => {
  let fake: FakeGraph;

  before(async () => {
    assertFakeGraphTrusted();
    fake = await startFakeGraph();
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.setBehaviour();
    fake.requests.length = 0;
  });

  const groupCalls = () => fake.graphRequests('groups');

  describe('throttling', () => {
    it('waits for Retry-After on 429 and then succeeds', async () => {
      const directory = graphDirectoryFor(fake);
      await directory.userByAadObjectId(ALICE); // token fetched outside the measured call
      fake.setBehaviour({ kind: 'throttle', retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      assert.deepEqual(await directory.groupByName('Pilot'), { id: PILOT, displayName: 'Pilot' });
      assert.ok(Date.now() - started >= 950, 'waited about the second Graph asked for');
      assert.equal(groupCalls().length, 2);
      assert.equal(groupCalls()[1].headers['retry-attempt'], '1');
    });

    it('retries 429 with Retry-After: 0 up to maxRetries and succeeds on the last attempt', async () => {
      fake.setBehaviour({ kind: 'throttle', retryAfterSeconds: 0, times: 3 });
      assert.ok(await graphDirectoryFor(fake, { maxRetries: 3 }).groupByName('Pilot'));
      assert.equal(groupCalls().length, 4);
    });

    it('fails with DIRECTORY_THROTTLED once the retries are exhausted', async () => {
      fake.setBehaviour({ kind: 'throttle', retryAfterSeconds: 0 });
      await assert.rejects(graphDirectoryFor(fake, { maxRetries: 2 }).groupByName('Pilot'), coded('DIRECTORY_THROTTLED', /429/));
      assert.equal(groupCalls().length, 3);
    });

    it('does not sit out a Retry-After longer than a turn can wait', async () => {
      fake.setBehaviour({ kind: 'throttle', retryAfterSeconds: 120 });
      await assert.rejects(graphDirectoryFor(fake, { maxRetryAfterSeconds: 30 }).groupByName('Pilot'), (e: unknown) => {
        assert.ok(isLyncOpsError(e) && e.code === 'DIRECTORY_THROTTLED');
        assert.equal(e.details?.retryAfterSeconds, 120);
        assert.equal(e.transient, true);
        return true;
      });
      assert.equal(groupCalls().length, 1);
    });

    it('retries 503 and 504 the same way', async () => {
      fake.setBehaviour({ kind: 'unavailable', times: 1 }, { kind: 'gatewayTimeout', times: 1 });
      assert.ok(await graphDirectoryFor(fake).groupByName('Pilot'));
      assert.equal(groupCalls().length, 3);
      fake.setBehaviour({ kind: 'gatewayTimeout' });
      await assert.rejects(graphDirectoryFor(fake, { maxRetries: 1 }).groupByName('Pilot'), coded('DIRECTORY_THROTTLED', /504/));
    });

    it('throttles inside paging and in checkMemberGroups like anywhere else', async () => {
      fake.setBehaviour({ kind: 'throttle', match: /transitiveMembers|checkMemberGroups/, times: 2 });
      const directory = graphDirectoryFor(fake);
      assert.ok((await directory.transitiveMembers(PILOT)).length > 0);
      assert.equal(await directory.isMember(ALICE, PILOT), true);
    });
  });

  describe('bad answers', () => {
    it('turns a body of the wrong shape into DIRECTORY_UNAVAILABLE, for every call', async () => {
      fake.setBehaviour({ kind: 'malformed' });
      const directory = graphDirectoryFor(fake);
      await assert.rejects(directory.groupByName('Pilot'), coded('DIRECTORY_UNAVAILABLE', /malformed body/));
      await assert.rejects(directory.userByAadObjectId(ALICE), coded('DIRECTORY_UNAVAILABLE', /malformed body/));
      await assert.rejects(directory.transitiveMembers(PILOT), coded('DIRECTORY_UNAVAILABLE', /malformed body/));
      await assert.rejects(directory.isMember(ALICE, PILOT), coded('DIRECTORY_UNAVAILABLE', /malformed body/));
    });

    it('turns a body that is not JSON into DIRECTORY_UNAVAILABLE', async () => {
      fake.setBehaviour({ kind: 'invalidJson' });
      await assert.rejects(graphDirectoryFor(fake).groupByName('Pilot'), coded('DIRECTORY_UNAVAILABLE', /malformed body/));
    });

    it('answers GROUP_NOT_FOUND for the members of a group Graph says is gone', async () => {
      fake.setBehaviour({ kind: 'notFound', match: /^\/v1\.0\/groups\// });
      await assert.rejects(graphDirectoryFor(fake).transitiveMembers(PILOT), coded('GROUP_NOT_FOUND'));
    });

    it('refuses a next link that leaves the Graph origin, so the token stays home', async () => {
      const everyone = fake.data.users.map((u) => u.userPrincipalName);
      assert.ok(everyone.length > 999);
      const elsewhere = await startFakeGraph({
        linkOrigin: 'https://graph.example.net',
        extraGroups: [{ id: EVERYONE, name: 'Everyone', members: everyone }],
      });
      try {
        await assert.rejects(graphDirectoryFor(elsewhere).transitiveMembers(EVERYONE), coded('DIRECTORY_UNAVAILABLE', /next link outside/));
        assert.equal(elsewhere.graphRequests('groups').length, 1);
      } finally {
        await elsewhere.close();
      }
    });
  });

  describe('slow and broken connections', () => {
    it('gives up on a slow answer with DIRECTORY_UNAVAILABLE within the timeout', async () => {
      const directory = graphDirectoryFor(fake, { requestTimeoutMs: 200 });
      await directory.userByAadObjectId(ALICE);
      fake.setBehaviour({ kind: 'slow', delayMs: 5000 });
      const started = Date.now();
      await assert.rejects(directory.groupByName('Pilot'), coded('DIRECTORY_UNAVAILABLE', /did not answer in time/));
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 190 && elapsed < 1500, `gave up after ${elapsed} ms`);
    });

    it('waits for a slow answer that comes within the timeout', async () => {
      fake.setBehaviour({ kind: 'slow', delayMs: 50 });
      assert.ok(await graphDirectoryFor(fake, { requestTimeoutMs: 2000 }).groupByName('Pilot'));
    });

    it('turns a dropped connection into DIRECTORY_UNAVAILABLE with the cause', async () => {
      fake.setBehaviour({ kind: 'disconnect' });
      await assert.rejects(graphDirectoryFor(fake).groupByName('Pilot'), coded('DIRECTORY_UNAVAILABLE', /not reachable \(.*closed/));
    });

    it('turns a refused connection into DIRECTORY_UNAVAILABLE', async () => {
      const gone = await startFakeGraph();
      const directory = graphDirectoryFor(gone);
      await directory.userByAadObjectId(ALICE);
      await gone.close();
      await assert.rejects(directory.groupByName('Pilot'), coded('DIRECTORY_UNAVAILABLE', /ECONNREFUSED/));
    });
  });
});
