// listFailures ("show failed moves" / "was ist in Auftrag 4 fehlgeschlagen?"): recognised in both
// languages apart from retry; staff read the failed items of recent jobs or one job by reason with
// names, admins get the retry button; a job without failures, an unknown job; users are refused.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import type { AdaptiveCard } from '../../../dialogs/types';
import { cardText, soleCard } from '../../helpers/turns/card-check';
import { ALEX, ALICE, HELGA, makeWorld, type World } from '../../helpers/world';
import { queueJob, type MutatingCommand } from '../../helpers/world/jobs';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

const buttons = (card: AdaptiveCard) => ((card.actions ?? []) as Array<{ title?: string; verb?: string; data?: Record<string, unknown> }>).map((a) => ({ title: a.title, data: a.data }));

const move = (...users: string[]): MutatingCommand => ({ intent: 'move', subject: { kind: 'list', items: users.map((user) => ({ kind: 'user' as const, user })) }, target: 'lync2013', dryRun: false, force: true });

describe('dialogs/commands/list-failures', () => {
  describe('recognition', () => {
    const rows: Array<[string, string | undefined, 'en' | 'de']> = [
      ['show failed moves', undefined, 'en'],
      ['which moves failed in job 4?', '4', 'en'],
      ['zeige fehlgeschlagene Verschiebungen', undefined, 'de'],
      ['was ist in Auftrag 4 fehlgeschlagen?', '4', 'de'],
      ['list failures', undefined, 'en'],
      ['what failed?', undefined, 'en'],
      ['why did job 4 fail', '4', 'en'],
      ['welche Umzüge sind fehlgeschlagen?', undefined, 'de'],
      ['Fehler in Auftrag 3', '3', 'de'],
      // A retry without a job's id: the failures, with the retry of each job.
      ['retry failed', undefined, 'en'],
      ['retry all failed moves', undefined, 'en'],
      ['fehlgeschlagene erneut versuchen', undefined, 'de'],
    ];
    readsAs(
      rows.map(([text, jobId, lang]) => ({ text, lang, command: jobId ? { intent: 'listFailures', jobId } : { intent: 'listFailures' }, title: `"${text}" asks for the failed items${jobId ? ` of job ${jobId}` : ''}` })),
    );

    it('leaves retrying the failed moves and the job list as they were', () => {
      assert.deepEqual(recognize('retry failed moves of job 4', DEMO_CATALOG).command, { intent: 'retryJob', jobId: '4' });
      assert.deepEqual(recognize('list jobs', DEMO_CATALOG).command, { intent: 'listJobs' });
    });
  });

  describe('through the conversation', () => {
    let w: World;
    let failing: string;
    let clean: string;
    before(async () => {
      // Carol is disabled: her move fails for good; Alice's and Erin's moves succeed.
      w = await makeWorld({ inject: [{ op: 'moveLegacyUser', object: 'carol@contoso.com', code: 'USER_DISABLED' }] });
      failing = (await queueJob(w, move('carol@contoso.com', 'alice@contoso.com'))).job.id;
      assert.equal((await w.observer.whenFinished(failing)).state, 'completedWithErrors');
      clean = (await queueJob(w, move('erin@contoso.com'))).job.id;
      assert.equal((await w.observer.whenFinished(clean)).state, 'completed');
    });
    after(() => w.close());

    it('shows an admin the recent failures by reason, with names and a retry button for the finished job', async () => {
      const card = soleCard(await w.say('show failed moves'));
      const text = cardText(card);
      assert.match(text, /^Failed items\nFailures by reason\nuser is disabled\n1\n/);
      assert.match(text, new RegExp(`Job ${failing}: Move to Lync 2013 · carol@contoso\\.com, alice@contoso\\.com — 1 failed \\(completed with errors\\)\\n- user is disabled: 1 \\(e\\.g\\. Carol Braun\\)\\nOr type: retry job ${failing}\\n`));
      assert.doesNotMatch(text, new RegExp(`Job ${clean}:`), 'a job without failures is not listed');
      assert.doesNotMatch(text, /Alice Schulz/);
      assert.deepEqual(buttons(card), [{ title: `Retry failed (Job ${failing})`, data: { verb: 'job.retry', jobId: failing, lang: 'en' } }]);
    });

    it('shows the helpdesk one job in German, without the retry button', async () => {
      const card = soleCard(await w.say(`was ist in Auftrag ${failing} fehlgeschlagen?`, HELGA, 'de-DE'));
      const text = cardText(card);
      assert.match(text, new RegExp(`^Fehlgeschlagene Elemente von Auftrag ${failing}\\nAuftrag ${failing}: Umzug nach Lync 2013 · carol@contoso\\.com, alice@contoso\\.com — 1 fehlgeschlagen \\(mit Fehlern abgeschlossen\\)\\n- Benutzer ist deaktiviert: 1 \\(z\\. B\\. Carol Braun\\)$`));
      assert.doesNotMatch(text, /Fehler nach Grund|wiederholen/);
      assert.deepEqual(buttons(card), []);
    });

    it('says when a job has no failed items, and when there is no such job', async () => {
      const none = soleCard(await w.say(`which moves failed in job ${clean}?`));
      assert.equal(cardText(none), `Failed items of job ${clean}\nJob ${clean} has no failed items.`);
      assert.deepEqual(buttons(none), []);
      assert.equal(cardText(soleCard(await w.say(`Fehler in Auftrag ${clean}`, ALEX, 'de-DE'))), `Fehlgeschlagene Elemente von Auftrag ${clean}\nIn Auftrag ${clean} ist nichts fehlgeschlagen.`);
      const unknown = await w.say('which moves failed in job 99?');
      assert.deepEqual(unknown.map((r) => [r.text, r.card]), [['There is no job 99.', undefined]]);
    });

    it('refuses a pilot user in English and German; nothing is retried', async () => {
      const before = await w.store.itemCounts(failing);
      for (const [text, locale, refusal] of [
        ['show failed moves', 'en-US', 'Sorry, that is for migration admins and the helpdesk.'],
        ['zeige fehlgeschlagene Verschiebungen', 'de-DE', 'Das ist leider den Migrations-Admins und dem Helpdesk vorbehalten.'],
      ] as const) {
        const replies = await w.say(text, ALICE, locale);
        assert.deepEqual(replies.map((r) => [r.text, r.card]), [[refusal, undefined]], text);
      }
      assert.deepEqual(await w.store.itemCounts(failing), before);
      assert.equal((await w.store.getJob(failing))?.state, 'completedWithErrors');
    });
  });
});
