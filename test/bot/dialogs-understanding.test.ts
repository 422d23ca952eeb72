// Questions, clarifications and several subjects through botbuilder's TestAdapter and the real
// TeamsBot over the real conversation: the FAQ answered about the asker in their language,
// who is left on a site's OCS pool (paged), failed items by reason with a retry per job, the
// "which one did you mean?" card whose buttons run a reading like typed words, and one plan
// and one job for "move A and B".
import { strict as assert } from 'node:assert';
import { demoTopology } from '../../migration/demo-topology';
import { cardText } from '../helpers/turns/card-check';
import { buttonData, cardOf, execute, invokeCard, message, onlyCard, submit, textsOf } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';

const topology = demoTopology();
// Two Munich users still on OCS (Munich is in its pilot phase, so moving them passes the gates).
const [FAILS, MOVES, PICKED] = topology.users
  .filter((u) => u.homePool === 'ocs-muc.contoso.local' && !u.testUser && u.enabled && u.displayName === u.displayName.trim() && u.role === 'user')
  .map((u) => u.sip);

describe('bot dialogs through TestAdapter: questions, clarifications, several subjects', () => {
  let h: TurnHarness;

  before(async () => {
    h = await makeTurnHarness({ topology, inject: [{ op: 'moveLegacyUser', object: FAILS, code: 'USER_NOT_FOUND' }] });
  });
  after(() => h.close());

  describe('faq: about the asker, in the language they wrote', () => {
    it('alice (still on OCS) asks in German and reads that her meetings will move with her, same link and conference ID', async () => {
      const text = cardText(onlyCard(await h.turn(message('was passiert mit meinen Besprechungen?', 'alice', 'en-US'))));
      assert.match(text, /^Ihre Besprechungen/);
      assert.match(text, /Sie sind noch auf OCS 2007 R2 \(Pool ocs-ber\.contoso\.local, Standort Berlin\)/);
      assert.match(text, /Besprechungslink und ihre Konferenz-ID/);
      assert.match(text, /Sie müssen sie nicht neu versenden\./);
    });

    it('alex (on Lync 2013) reads that his meetings moved and what a rollback would mean for them', async () => {
      const text = cardText(onlyCard(await h.turn(message('what happens to my meetings after the move?', 'alex', 'de-DE'))));
      assert.match(text, /^Your meetings/);
      assert.match(text, /You are on Lync Server 2013 \(pool lync-muc\.contoso\.local, site Munich\)/);
      assert.match(text, /kept its meeting link and conference ID/);
      assert.match(text, /rolled back, meetings you scheduled while on Lync 2013 stop working and must be rescheduled/);
    });

    it('answers the client question from the asker’s pool', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('muss ich einen neuen Client installieren?', 'alice')))), /Installieren Sie den Lync-2013-Client noch nicht/);
      assert.match(cardText(onlyCard(await h.turn(message('do I need to install a new client?', 'alex')))), /join meetings through Lync Web App/);
    });

    it('when will I be moved: the site phase, and that no job includes alice yet', async () => {
      const text = cardText(onlyCard(await h.turn(message('when will I be moved?', 'alice'))));
      assert.match(text, /Your site Berlin is in this phase: side-by-side \(coexistence not yet verified\)/);
      assert.match(text, /No move that includes you is queued or running right now/);
    });

    it('rollback and what changes, for someone on OCS and someone on Lync', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('was passiert bei einem Rollback mit mir?', 'alice')))), /für Sie gibt es nichts zurückzunehmen/);
      const alex = cardText(onlyCard(await h.turn(message('what happens to me in a rollback?', 'alex'))));
      assert.match(alex, /move you back to the OCS 2007 R2 pool ocs-muc\.contoso\.local/);
      assert.match(alex, /Lync 2013 cannot sign in to OCS/);
      assert.match(cardText(onlyCard(await h.turn(message('was ändert sich für mich?', 'alice')))), /Für Sie hat sich noch nichts geändert/);
    });
  });

  describe('usersLeft', () => {
    it('lists who is still on the Berlin OCS pool, a page at a time, with why a site move would skip some', async () => {
      const card = onlyCard(await h.turn(message('who is left on the old pool in Berlin?', 'helga')));
      const text = cardText(card);
      assert.match(text, /^Still on OCS 2007 R2 at Berlin/);
      assert.match(text, /user\(s\) on the OCS pool ocs-ber\.contoso\.local/);
      assert.match(text, /A site move would leave 1 of them behind:\n- Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): account name has leading or trailing spaces/);
      assert.match(text, /Page 1 of \d+/);
      assert.doesNotMatch(text, /test-ber-ocs/, 'health-monitoring accounts are not people');
      const next = buttonData(card, 'usersLeft.page');
      assert.deepEqual(next, { verb: 'usersLeft.page', site: 'Berlin', page: 2, lang: 'en' });
      const page2 = cardText(invokeCard(await h.turn(execute('usersLeft.page', next, 'helga'))));
      assert.match(page2, /Page 2 of \d+/);
      assert.match(page2, /Or type: who is left on OCS in Berlin \/ who is left on OCS in Berlin page 3/);
    });

    it('without a site: counts per site; in German', async () => {
      const text = cardText(onlyCard(await h.turn(message('wer ist noch auf OCS?', 'alex'))));
      assert.match(text, /^Benutzer noch auf OCS 2007 R2/);
      assert.match(text, /Hamburg\n0 auf OCS, \d+ auf Lync 2013 · migriert/);
    });

    it('is for staff; a pilot user is refused, typed or clicked', async () => {
      assert.deepEqual(textsOf(await h.turn(message('who is left on the old pool in Berlin?', 'alice'))), ['Sorry, that is for migration admins and the helpdesk.']);
      assert.deepEqual(textsOf(await h.turn(submit({ verb: 'usersLeft.page', site: 'Berlin', page: 2 }, 'alice'))), ['Sorry, that is for migration admins and the helpdesk.']);
    });
  });

  describe('several subjects: one plan card, one job', () => {
    it('plans "move A and B" as one proposal listing each subject, runs one job, then lists its failure with a retry', async () => {
      const plan = onlyCard(await h.turn(message(`move ${FAILS} and ${MOVES} to Lync 2013`)));
      const text = cardText(plan);
      assert.match(text, /^Move to Lync 2013: please confirm/);
      assert.match(text, new RegExp(`${FAILS.replace(/\./g, '\\.')}: 1 to move, 0 already there`));
      assert.match(text, new RegExp(`${MOVES.replace(/\./g, '\\.')}: 1 to move, 0 already there`));
      assert.match(text, /How many\n2 users/);
      invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm'))));
      const jobs = await h.world.store.listJobs(5);
      const job = jobs[0];
      assert.equal(job.subject.kind, 'list');
      assert.equal(job.totalItems, 2);
      assert.equal((await h.finished(job.id)).state, 'completedWithErrors');

      const failures = onlyCard(await h.turn(message('show failed moves', 'alex')));
      const ft = cardText(failures);
      assert.match(ft, /^Failed items/);
      assert.match(ft, /Failures by reason\nuser does not exist\n1/);
      assert.match(ft, new RegExp(`Job ${job.id}: Move to Lync 2013 · .* — 1 failed \\(completed with errors\\)`));
      assert.deepEqual(buttonData(failures, 'job.retry'), { verb: 'job.retry', jobId: job.id, lang: 'en' });
      assert.match(ft, new RegExp(`Or type: retry job ${job.id}`));

      const german = cardText(onlyCard(await h.turn(message(`Fehler von Auftrag ${job.id}`, 'helga'))));
      assert.match(german, new RegExp(`^Fehlgeschlagene Elemente von Auftrag ${job.id}`));
      assert.match(german, /Benutzer existiert nicht: 1/);
      assert.doesNotMatch(german, /Fehlgeschlagene wiederholen/, 'no retry button for the helpdesk');
    });
  });

  describe('words the bot cannot place', () => {
    it('a time it cannot keep is named back and nothing is planned, in the language written', async () => {
      const before = (await h.world.store.listAudit({ limit: 200 })).filter((e) => e.event === 'proposal.created').length;
      // A day without a time is asked about (times themselves are placed: see test/dialogs/when.test.ts).
      const [en] = textsOf(await h.turn(message('move site Munich to Lync 2013 tonight')));
      assert.match(en, /^"tonight": at what time\? .*Nothing was planned yet\./);
      const [de] = textsOf(await h.turn(message('Standort München heute Abend nach Lync 2013 verschieben')));
      assert.match(de, /^„heute Abend“: um wie viel Uhr\? .*Es wurde noch nichts geplant\./);
      const after = (await h.world.store.listAudit({ limit: 200 })).filter((e) => e.event === 'proposal.created').length;
      assert.equal(after, before, 'no proposal was created');
    });
  });

  describe('when will I be moved: a scheduled start in the asker\'s time zone', () => {
    it('names the start an admin scheduled in Berlin time as New York time for alice, and in German', async () => {
      // A fixed clock: Monday 7 December 2026, 12:00 UTC; "tomorrow at 7am" in Berlin is 06:00 UTC.
      const clock = { now: () => Date.UTC(2026, 11, 7, 12, 0) };
      const w = await makeTurnHarness({ topology, clock });
      try {
        const plan = onlyCard(await w.turn(message('move alice@contoso.com to Lync 2013 tomorrow at 7am force', 'alex', 'en-US', { localTimezone: 'Europe/Berlin' } as never)));
        assert.match(cardText(plan), /tomorrow at 7am → Tue 8 Dec 2026, 07:00 Europe\/Berlin/);
        const queued = cardText(invokeCard(await w.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm')))));
        const jobId = /Job (\d+)/.exec(queued)?.[1];
        assert.ok(jobId, queued);
        const en = cardText(onlyCard(await w.turn(message('when will I be moved?', 'alice', 'en-US', { localTimezone: 'America/New_York' } as never))));
        assert.ok(en.includes(`Job ${jobId} (`), en);
        assert.match(en, /it is scheduled to start Tue 8 Dec 2026, 01:00 America\/New_York\./);
        const de = cardText(onlyCard(await w.turn(message('wann werde ich verschoben?', 'alice', 'de-DE', { localTimezone: 'Europe/Berlin' } as never))));
        assert.match(de, /er ist für Di 8\. Dez\. 2026, 07:00 Europe\/Berlin geplant\./);
      } finally {
        await w.close();
      }
    });
  });

  describe('no address from a free word', () => {
    it('"Status von Benutzer frank" names the word back instead of answering about frank@contoso.com', async () => {
      const [de] = textsOf(await h.turn(message('Status von Benutzer frank')));
      assert.match(de, /„frank“ konnte ich keinem Befehl zuordnen/);
      assert.doesNotMatch(de, /frank@/);
      const [en] = textsOf(await h.turn(message('status of user frank')));
      assert.match(en, /I could not place "frank"/);
      // An address or a known name still answers.
      assert.match(cardText(onlyCard(await h.turn(message('status of user alice')))), /alice@contoso\.com/);
    });
  });

  describe('clarify', () => {
    it('"move Berlin" asks: the site, or the group Sales Berlin; picking the site shows its plan in place', async () => {
      const card = onlyCard(await h.turn(message('move Berlin')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?\n"move Berlin" can mean more than one thing\./);
      assert.match(text, /Move site Berlin to Lync 2013/);
      assert.match(text, /Move group Sales Berlin to Lync 2013/);
      assert.match(text, /- move site Berlin to Lync 2013\n- move group "Sales Berlin" to Lync 2013/);
      const picks = (card.actions as Array<{ title: string; data: Record<string, unknown> }>).map((a) => a.data);
      assert.equal(picks.length, 2);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', picks[0]))));
      assert.match(plan, /^Move to Lync 2013: blocked/);
      assert.match(plan, /What\nsite Berlin/);
    });

    it('asks in German with German typed twins, and a pick runs the reading for that caller only', async () => {
      const card = onlyCard(await h.turn(message('verschiebe Berlin', 'alex', 'en-US')));
      const text = cardText(card);
      assert.match(text, /^Was meinten Sie\?/);
      assert.match(text, /Gruppe Sales Berlin nach Lync 2013 verschieben/);
      assert.match(text, /- Verschiebe Gruppe „Sales Berlin“ nach Lync 2013/);
      const group = (card.actions as Array<{ data: Record<string, unknown> }>)[1].data;
      assert.deepEqual(textsOf(await h.turn(execute('clarify.pick', group, 'alice'))), ['Das dürfen leider nur Migrations-Admins. Die Anfrage wurde protokolliert.']);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', group))));
      assert.match(plan, /^Nach Lync 2013 verschieben: blockiert|^Verschieben nach Lync 2013: blockiert|blockiert/);
      assert.match(plan, /Gruppe Sales Berlin/);
    });

    it('a confirmable reading becomes a proposal whose card is tracked where the question was', async () => {
      const cardId = (await h.turn(message('move Berlin')))[0].id;
      assert.ok(cardId);
      const reading = { intent: 'move', subject: { kind: 'user', user: PICKED }, target: 'lync2013', dryRun: false };
      assert.deepEqual(await h.turn(submit({ verb: 'clarify.pick', choice: reading, lang: 'en' }, 'alex', cardId)), []);
      const plan = cardOf(h.adapter.updates.at(-1));
      assert.match(cardText(plan), /^Move to Lync 2013: please confirm/);
      const proposal = await h.world.store.getProposal(String(buttonData(plan, 'proposal.confirm').proposalId));
      assert.equal(proposal?.card?.activityId, cardId, 'in-place updates go to the clicked card');
    });

    it('a reading that answers with text leaves the choice on the card', async () => {
      const cardId = (await h.turn(message('move Berlin')))[0].id;
      const replies = await h.turn(submit({ verb: 'clarify.pick', choice: { intent: 'jobStatus', jobId: '999' }, lang: 'en' }, 'alex', cardId));
      assert.deepEqual(textsOf(replies), ['There is no job 999.']);
      assert.match(cardText(cardOf(h.adapter.updates.at(-1))), /You chose: status of job 999/);
    });

    it('"end the pilot in Munich" asks: sign the pilot off, or move the rest of the site (EN and DE, buttons and typed twins)', async () => {
      const card = onlyCard(await h.turn(message('end the pilot in Munich')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?\n"end the pilot in Munich" can mean more than one thing\./);
      assert.match(text, /Sign off the pilot at Munich/);
      assert.match(text, /Move site Munich to Lync 2013/);
      assert.match(text, /- sign off the pilot at site Munich\n- move site Munich to Lync 2013/);
      const picks = (card.actions as Array<{ data: Record<string, unknown> }>).map((a) => a.data);
      assert.deepEqual(picks.map((p) => (p.choice as { intent: string }).intent), ['signOffPilot', 'move']);
      const plan = cardText(invokeCard(await h.turn(execute('clarify.pick', picks[1]))));
      assert.match(plan, /^Move to Lync 2013/);
      assert.match(plan, /site Munich/);

      const de = cardText(onlyCard(await h.turn(message('Pilotphase in München beenden', 'alex', 'en-US'))));
      assert.match(de, /^Was meinten Sie\?/);
      assert.match(de, /Pilot in München abnehmen/);
      assert.match(de, /- Pilot für Standort München abnehmen\n/);
      assert.doesNotMatch(de, /Munich/, 'a German sentence says München');
      // Asked as a question it changes nothing: the runbook answers.
      assert.match(cardText(onlyCard(await h.turn(message('kann ich die Pilotphase in München beenden?', 'alex')))), /^Ablauf für Standort München/);
    });

    it('"roll back Berlin" asks: the site, or the group Sales Berlin', async () => {
      const card = onlyCard(await h.turn(message('roll back Berlin')));
      const text = cardText(card);
      assert.match(text, /^Which one did you mean\?/);
      assert.match(text, /Roll back site Berlin to OCS 2007 R2/);
      assert.match(text, /Roll back group Sales Berlin to OCS 2007 R2/);
      assert.match(text, /- roll back site Berlin\n- roll back group "Sales Berlin"/);
    });

    it('refuses a forged pick that is no reading', async () => {
      const replies = await h.turn(execute('clarify.pick', { verb: 'clarify.pick', choice: { intent: 'clarify', choices: [] } }));
      assert.match(textsOf(replies).join(' '), /no longer matches anything/);
    });
  });
});
