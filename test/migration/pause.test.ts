// pause job N / Auftrag N pausieren and resume job N / Auftrag N fortsetzen, through the job state
// machine: in-flight moves finish and nothing new starts, the card says who paused it, concurrent
// clicks from two admins apply once, a paused scheduled job does not start at its time.
import assert from 'node:assert/strict';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import type { Reply } from '../../dialogs/types';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { cardText } from '../helpers/turns/card-check';
import { ALEX, ERIN, makeWorld, type World } from '../helpers/world';
import { until } from '../helpers/world/jobs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const texts = (replies: Reply[]) => replies.map((r) => r.text ?? '').join(' ');

describe('pause and resume jobs', () => {
  it('recognises pause and resume in English and German, apart from retry', () => {
    const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));
    const rows: Array<[string, unknown]> = [
      ['pause job 4', { intent: 'pauseJob', jobId: '4' }],
      ['suspend job 4', { intent: 'pauseJob', jobId: '4' }],
      ['Auftrag 4 pausieren', { intent: 'pauseJob', jobId: '4' }],
      ['resume job 4', { intent: 'resumeJob', jobId: '4' }],
      ['continue job 4', { intent: 'resumeJob', jobId: '4' }],
      ['Auftrag 4 fortsetzen', { intent: 'resumeJob', jobId: '4' }],
      ['retry job 4', { intent: 'retryJob', jobId: '4' }],
      ['Auftrag 4 wiederholen', { intent: 'retryJob', jobId: '4' }],
      ['cancel job 4', { intent: 'cancelJob', jobId: '4' }],
    ];
    for (const [text, command] of rows) assert.deepEqual(recognize(text, catalog).command, command, text);
    assert.equal(recognize('Auftrag 4 pausieren', catalog).language, 'de');
  });

  describe('with the runner', () => {
    let w: World | undefined;
    afterEach(async () => {
      await w?.close();
      w = undefined;
    });

    async function startMove(world: World): Promise<string> {
      await world.store.saveCoexistenceResult({ site: 'Munich', at: Date.now() - 60_000, passed: true, checks: [] });
      const replies = await world.say('move site Munich to Lync 2013');
      const plan = replies.find((r) => r.track?.kind === 'proposal');
      assert.ok(plan, texts(replies));
      await world.click({ verb: 'proposal.confirm', proposalId: plan.track!.id, lang: 'en' });
      return (await world.store.listJobs(1))[0].id;
    }

    it('pauses once under two admins typing at once, finishes in-flight moves, names who paused, and resumes once under two clicks', async () => {
      w = await makeWorld({ moveLatencyMs: 10, runner: { concurrencyPerPool: 2 } });
      const id = await startMove(w);
      await until('some moves', async () => (await w!.store.itemCounts(id)).done >= 5);
      const [a, b] = await Promise.all([w.say(`pause job ${id}`, ALEX), w.say(`Auftrag ${id} pausieren`, ERIN)]);
      const answers = [texts(a), texts(b)];
      assert.equal(answers.filter((t) => /is paused|ist pausiert/.test(t)).length, 1, answers.join(' | '));
      assert.equal(answers.filter((t) => /only a queued or running job|nur ein wartender/.test(t)).length, 1, answers.join(' | '));
      assert.equal((await w.store.getJob(id))?.state, 'paused');
      await until('in-flight moves to finish', async () => (await w!.store.itemCounts(id)).running === 0);
      const stopped = (await w.store.itemCounts(id)).done;
      await sleep(300);
      const counts = await w.store.itemCounts(id);
      assert.equal(counts.done, stopped, 'nothing new starts while paused');
      assert.ok(counts.pending > 0);
      const who = /is paused/.test(answers[0]) ? 'Alex Wilber' : 'Erin Hartmann';
      const card = cardText(await w.conversation.jobCard(id, 'en'));
      assert.match(card, new RegExp(`Paused by\\s+${who}`));
      assert.match(card, /resume job/);
      assert.match(cardText((await w.say('list jobs'))[0].card), new RegExp(`Job ${id}: .*paused`, 's'));
      assert.equal((await w.store.listAudit({ limit: 5000 })).filter((e) => e.event === 'job.paused' && e.target === id).length, 1);

      const clicks = await Promise.all([
        w.click({ verb: 'job.resume', jobId: id, lang: 'en' }, ALEX),
        w.click({ verb: 'job.resume', jobId: id, lang: 'en' }, ERIN),
      ]);
      const said = clicks.map((c) => (c.replies ?? []).map((r) => r.text ?? '').join(' '));
      assert.equal(said.filter((t) => /is resumed/.test(t)).length, 1, said.join(' | '));
      assert.equal(said.filter((t) => /not paused/.test(t)).length, 1, said.join(' | '));
      const finished = await w.observer.whenFinished(id);
      assert.equal(finished.state, 'completed');
      assert.equal((await w.store.listAudit({ limit: 5000 })).filter((e) => e.event === 'job.resumed' && e.target === id).length, 1);
    });

    it('refuses a pause from a helpdesk user and a pause of a finished job', async () => {
      w = await makeWorld({ moveLatencyMs: 0 });
      const id = await startMove(w);
      await w.observer.whenFinished(id);
      const helga = { id: '11111111-0000-0000-0000-000000000005', name: 'Helga Lorenz', sip: 'helga@contoso.com', role: 'helpdesk' as const };
      assert.match(texts(await w.say(`pause job ${id}`, helga)), /only migration admins/);
      assert.match(texts(await w.say(`pause job ${id}`)), /is completed; only a queued or running job can be paused/);
    });
  });
});
