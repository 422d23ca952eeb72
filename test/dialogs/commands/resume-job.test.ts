// resumeJob ("resume job 42" / "Auftrag 42 fortsetzen"): recognised in both languages apart from
// retry; an admin resumes a paused job, which then runs to its end; a job that is not paused is
// refused with its state; the helpdesk and users leave a paused job paused.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { jobTransitions } from '../../../migration/jobs';
import { cardText, soleText, textAndCard } from '../../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, useWorld } from '../../helpers/world';
import { queueJob, until } from '../../helpers/world/jobs';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/resume-job', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['resume job 42', '42', 'en'],
      ['continue job 42', '42', 'en'],
      ['Auftrag 42 fortsetzen', '42', 'de'],
      ['Job 42 weitermachen', '42', 'de'],
      ['please resume job 7', '7', 'en'],
      ['unpause job 7', '7', 'en'],
    ];
    readsAs(
      rows.map(([text, jobId, lang]) => ({ text, lang, command: { intent: 'resumeJob', jobId }, title: `"${text}" resumes job ${jobId}` })),
    );

    it('leaves restarting (a retry), pausing and a question about resuming as they were', () => {
      assert.deepEqual(recognize('restart job 7', DEMO_CATALOG).command, { intent: 'retryJob', jobId: '7' });
      assert.deepEqual(recognize('Auftrag 7 wiederholen', DEMO_CATALOG).command, { intent: 'retryJob', jobId: '7' });
      assert.deepEqual(recognize('pause job 7', DEMO_CATALOG).command, { intent: 'pauseJob', jobId: '7' });
      assert.deepEqual(recognize('can I resume job 7?', DEMO_CATALOG).command, { intent: 'jobStatus', jobId: '7' });
    });
  });

  describe('through the conversation', () => {
    // No runner until a test starts it: a queued job stays queued.
    const w = useWorld({ startRunner: false });

    /** A coexistence test queued and paused by Alex through the job state machine. */
    async function paused(site = 'Berlin'): Promise<string> {
      const { job } = await queueJob(w, { intent: 'coexistenceTest', site }, { wake: false });
      assert.equal((await w.store.applyJobTransition(job.id, jobTransitions.pause(ALEX), Date.now())).outcome, 'applied');
      assert.equal((await w.store.getJob(job.id))?.state, 'paused');
      return job.id;
    }

    it('resumes a paused job in English; it runs to its end and the resume is audited once', async () => {
      const id = await paused();
      const { text, card } = textAndCard(await w.say(`resume job ${id}`, ERIN));
      assert.equal(text, `Job ${id} is resumed.`);
      assert.match(card, new RegExp(`^Job ${id}: Coexistence test · Berlin`));
      assert.match(card, /State\nqueued/);
      assert.doesNotMatch(card, /Paused by/);
      assert.equal((await w.store.getJob(id))?.state, 'queued');
      assert.deepEqual((await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'job.resumed').map((e) => [e.target, e.actor.name]), [[id, 'Erin Hartmann']]);

      w.runner.start();
      await until(`job ${id} to complete`, async () => (await w.store.getJob(id))?.state === 'completed');
      // Finished: not paused, nothing to resume.
      const refused = textAndCard(await w.say(`continue job ${id}`));
      assert.equal(refused.text, `Job ${id} is completed, not paused; there is nothing to resume.`);
      assert.equal((await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'job.resumed').length, 1);
    });

    it('resumes in German, and refuses a job that is only queued with its German state', async () => {
      const id = await paused('Hamburg');
      const { text, card } = textAndCard(await w.say(`Auftrag ${id} fortsetzen`, ALEX, 'de-DE'));
      assert.equal(text, `Auftrag ${id} wird fortgesetzt.`);
      assert.match(card, new RegExp(`^Auftrag ${id}: Koexistenztest · Hamburg`));
      assert.match(card, /Status\nin der Warteschlange/);
      const again = textAndCard(await w.say(`Job ${id} weitermachen`, ALEX, 'de-DE'));
      assert.equal(again.text, `Auftrag ${id} ist in der Warteschlange, nicht pausiert; es gibt nichts fortzusetzen.`);
      assert.equal((await w.store.getJob(id))?.state, 'queued');
      assert.equal(soleText(await w.say('Auftrag 98 fortsetzen', ALEX, 'de-DE')), 'Es gibt keinen Auftrag 98.');
      assert.equal(soleText(await w.say('resume job 99')), 'There is no job 99.');
    });

    it('refuses the helpdesk and a pilot user; the job stays paused', async () => {
      const id = await paused();
      assert.equal(soleText(await w.say(`resume job ${id}`, HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(soleText(await w.say(`Auftrag ${id} fortsetzen`, ALICE, 'de-DE')), 'Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.');
      assert.equal((await w.store.getJob(id))?.state, 'paused');
      const audit = await w.store.listAudit({ limit: 50 });
      assert.equal(audit.filter((e) => e.event === 'job.resumed').length, 0);
      assert.deepEqual(audit.filter((e) => e.event === 'command.refused').map((e) => e.details?.intent), ['resumeJob', 'resumeJob']);
      const status = (await w.say(`status of job ${id}`, HELGA)).find((r) => r.card)?.card;
      assert.match(cardText(status), /State\npaused \(items in flight finish, nothing new starts\)/);
    });
  });
});
