// Load against the compiled server as a child process: 1,000 conversations (one kept-alive
// connection each, opened before the load; three people taking turns) ask "status of site
// Berlin" at the same time for 30 s. Every request must be answered with the site card: 0 errors, 0 timeouts, 0 non-2xx.
// The figures are printed. With 1,000 requests always in flight the latency is queueing
// (Little's law: about 1,000 / throughput), so the bound asserted under load is the time a
// Teams channel waits for a bot minus a margin; the service time of one conversation alone
// must stay under 2 s.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthz, message, PEOPLE } from '../helpers/host/activities';
import { runLoad, type LoadFigures } from '../helpers/host/load';
import { errorLogs, freeFixedPort, startServerProcess, type ServerProcess } from '../helpers/host/process';

const CONVERSATIONS = 1000;
const DURATION_S = 30;
/** Under load: the Bot Framework channel gives up on a bot after 15 s. */
const LOADED_P99_BOUND_MS = 10_000;
/** One conversation alone: no queue, only the work of a turn. */
const ALONE_P99_BOUND_MS = 2_000;
const PEOPLE_TAKING_TURNS = [PEOPLE.alex, PEOPLE.helga, PEOPLE.erin];

function print(label: string, f: LoadFigures): void {
  console.log(
    `      ${label}: ${f.total} requests, ${f.requestsPerSecond.toFixed(1)} req/s, p50 ${f.p50} ms, p90 ${f.p90} ms, p99 ${f.p99} ms, max ${f.max} ms; ` +
      `errors ${f.errors}, timeouts ${f.timeouts}, non-2xx ${f.non2xx}, wrong answers ${f.wrongAnswers}, conversations answered ${f.conversationsAnswered}, reconnects ${f.reconnects}` +
      (f.errors ? `; errors by code ${JSON.stringify(f.errorCodes)}` : ''),
  );
}

describe('robustness: load (compiled server)', function () {
  this.timeout((DURATION_S + 60) * 1000);
  let dir: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lyncops-robust-load-'));
    server = await startServerProcess({ port: await freeFixedPort(), env: { STORE_URL: join(dir, 'lyncops.sqlite'), LOG_LEVEL: 'warn', CHAT_TURNS_PER_MINUTE: '0' } });
  });
  after(async () => {
    if (server) assert.deepEqual(await server.stop(), { code: 0, signal: null });
    rmSync(dir, { recursive: true, force: true });
  });

  const load = (conversations: number, durationSeconds: number) =>
    runLoad({
      url: server.url,
      conversations,
      durationSeconds,
      activity: (index, n) =>
        message('status of site Berlin', {
          from: PEOPLE_TAKING_TURNS[index % PEOPLE_TAKING_TURNS.length],
          conversationId: `load-conversation-${index}`,
          conversationType: 'groupChat',
          expectReplies: true,
          extra: { id: `load-${index}-${n}` },
        }),
      expected: (body) => body.includes('"Site Berlin"'),
    });

  it(`one conversation alone: p99 under ${ALONE_P99_BOUND_MS} ms`, async () => {
    const figures = await load(1, 3);
    print('1 conversation, 3 s', figures);
    assert.deepEqual([figures.errors, figures.timeouts, figures.non2xx, figures.wrongAnswers], [0, 0, 0, 0]);
    assert.ok(figures.p99 < ALONE_P99_BOUND_MS, `p99 ${figures.p99} ms`);
  });

  it(`${CONVERSATIONS} conversations at once for ${DURATION_S} s: every request answered, p99 under ${LOADED_P99_BOUND_MS} ms`, async () => {
    const figures = await load(CONVERSATIONS, DURATION_S);
    print(`${CONVERSATIONS} conversations, ${DURATION_S} s`, figures);
    assert.equal(figures.errors, 0, 'errors');
    assert.equal(figures.timeouts, 0, 'timeouts');
    assert.equal(figures.non2xx, 0, 'non-2xx');
    assert.equal(figures.wrongAnswers, 0, 'every 2xx carried the site card');
    assert.equal(figures.conversationsAnswered, CONVERSATIONS, 'every conversation was answered');
    assert.ok(figures.p99 < LOADED_P99_BOUND_MS, `p99 ${figures.p99} ms`);
    assert.equal(await healthz(server.url), 200, 'healthy after the load');
    assert.deepEqual(errorLogs(server.logs).map((l) => l.msg), [], 'no errors logged');
  });
});
