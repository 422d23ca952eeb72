// pauseJob ("pause job 42" / "Auftrag 42 pausieren"): recognised in both languages (a question
// about pausing reads the job's status); an admin pauses a queued job and the card says who, a
// finished, paused or unknown job is refused with its state; the helpdesk and users change nothing.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { soleText, textAndCard } from '../../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, useWorld } from '../../helpers/world';
import { queueJob } from '../../helpers/world/jobs';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/pause-job', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['pause job 42', '42', 'en'],
      ['suspend job 42', '42', 'en'],
      ['Auftrag 42 pausieren', '42', 'de'],
      ['Job 42 unterbrechen', '42', 'de'],
      ['please pause job 7', '7', 'en'],
      ['could you pause job 7', '7', 'en'],
      ['hold job 7', '7', 'en'],
      ['Job 7 pausieren bitte', '7', 'de'],
      // "angehalten" is how the card says paused: "anhalten" never cancels.
      ['Auftrag 7 anhalten', '7', 'de'],
      ['halte Auftrag 7 an', '7', 'de'],
    ];
    readsAs(
      rows.map(([text, jobId, lang]) => ({ text, lang, command: { intent: 'pauseJob', jobId }, title: `"${text}" pauses job ${jobId}` })),
    );

    it('reads a question about pausing as the job status, and needs a job id', () => {
      assert.deepEqual(recognize('can I pause job 7?', DEMO_CATALOG).command, { intent: 'jobStatus', jobId: '7' });
      assert.deepEqual(recognize('resume job 7', DEMO_CATALOG).command, { intent: 'resumeJob', jobId: '7' });
      for (const text of ['pause', 'pause job', 'pause all jobs']) assert.notEqual(recognize(text, DEMO_CATALOG).command.intent, 'pauseJob', text);
    });
  });

  describe('through the conversation', () => {
    // No runner: a queued job stays queued until a test starts it.
    const w = useWorld({ startRunner: false });

    const queued = async (site = 'Berlin') => (await queueJob(w, { intent: 'coexistenceTest', site }, { wake: false })).job.id;

    it('pauses a queued job in English; the card says paused, by whom, and how to resume', async () => {
      const id = await queued();
      const { text, card } = textAndCard(await w.say(`pause job ${id}`));
      assert.equal(text, `Job ${id} is paused: items in flight finish, nothing new starts until it is resumed.`);
      assert.match(card, new RegExp(`^Job ${id}: Coexistence test · Berlin`));
      assert.match(card, /State\npaused \(items in flight finish, nothing new starts\)/);
      assert.match(card, /Paused by\nAlex Wilber, /);
      assert.match(card, new RegExp(`resume job ${id}`));
      assert.equal((await w.store.getJob(id))?.state, 'paused');
      const audit = (await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'job.paused' && e.target === id);
      assert.deepEqual(audit.map((e) => e.actor.name), ['Alex Wilber']);

      // Paused already: refused with its state, nothing is audited twice.
      const again = textAndCard(await w.say(`suspend job ${id}`, ERIN));
      assert.equal(again.text, `Job ${id} is paused (items in flight finish, nothing new starts); only a queued or running job can be paused.`);
      assert.match(again.card, /Paused by\nAlex Wilber, /);
      assert.equal((await w.store.listAudit({ limit: 50 })).filter((e) => e.event === 'job.paused').length, 1);
    });

    it('pauses in German and refuses a finished job with its German state', async () => {
      const id = await queued('Hamburg');
      const { text, card } = textAndCard(await w.say(`Auftrag ${id} pausieren`, ERIN, 'de-DE'));
      assert.equal(text, `Auftrag ${id} ist pausiert: laufende Einträge werden beendet, nichts Neues startet, bis er fortgesetzt wird.`);
      assert.match(card, new RegExp(`^Auftrag ${id}: Koexistenztest · Hamburg`));
      assert.match(card, /Pausiert von\nErin Hartmann, /);
      assert.match(card, new RegExp(`Auftrag ${id} fortsetzen`));
      assert.equal((await w.store.getJob(id))?.state, 'paused');

      const done = await queued();
      w.runner.start();
      assert.equal((await w.observer.whenFinished(done)).state, 'completed');
      const refused = textAndCard(await w.say(`Job ${done} unterbrechen`, ALEX, 'de-DE'));
      assert.equal(refused.text, `Auftrag ${done} ist abgeschlossen; nur ein wartender oder laufender Auftrag kann pausiert werden.`);
      assert.equal((await w.store.getJob(done))?.state, 'completed');
    });

    it('names a job that does not exist', async () => {
      assert.equal(soleText(await w.say('pause job 99')), 'There is no job 99.');
      assert.equal(soleText(await w.say('Auftrag 98 pausieren', ALEX, 'de-DE')), 'Es gibt keinen Auftrag 98.');
    });

    it('refuses the helpdesk and a pilot user; the job stays queued and nobody paused it', async () => {
      const id = await queued();
      assert.equal(soleText(await w.say(`pause job ${id}`, HELGA)), 'Sorry, only migration admins can do that. The request was recorded.');
      assert.equal(soleText(await w.say(`Auftrag ${id} pausieren`, ALICE, 'de-DE')), 'Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.');
      assert.equal((await w.store.getJob(id))?.state, 'queued');
      const audit = await w.store.listAudit({ limit: 50 });
      assert.equal(audit.filter((e) => e.event === 'job.paused').length, 0);
      assert.deepEqual(audit.filter((e) => e.event === 'command.refused').map((e) => [e.actor.name, e.details?.intent]), [
        ['Alice Schulz', 'pauseJob'],
        ['Helga Lorenz', 'pauseJob'],
      ]);
    });
  });
});
