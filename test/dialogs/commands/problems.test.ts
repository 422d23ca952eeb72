// Pilot problem reports end to end through the conversation: a user reports in their own words
// (acknowledged in their language, stored with their state), staff list them per site, open
// reports block the pilot sign-off and show on the status card and the runbook, an admin
// resolves one and the reporter gets a personal notice.
import assert from 'node:assert/strict';
import type { Reply } from '../../../dialogs/types';
import type { Actor } from '../../../migration/model';
import { PROBLEM_TEXT_MAX_CHARS, ProblemBook } from '../../../migration/runbook/problems';
import { RunbookLedger } from '../../../migration/runbook/ledger';
import { cardText } from '../../helpers/turns/card-check';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';
import { recognize } from '../../../dialogs/recognizer';
import { ALEX, ALICE, HELGA, useWorld } from '../../helpers/world';

const BOB: Actor = { id: '11111111-0000-0000-0000-000000000002', name: 'Bob Keller', sip: 'bob@contoso.com', role: 'user' };
const textOf = (replies: Reply[]) => replies.map((r) => r.text ?? '').join('\n');
const cardOf = (replies: Reply[]) => cardText(replies.find((r) => r.card)?.card);

describe('dialogs: pilot problem reports', () => {
  describe('recognition: a statement about the caller\'s own trouble is a report, in their words', () => {
    const reports: Array<[string, 'en' | 'de']> = [
      ['I have a problem with my headset', 'en'],
      ['my problem: presence is grey', 'en'],
      ['my presence stays grey since the move', 'en'],
      ['Lync keeps crashing on my laptop', 'en'],
      ["I'm having trouble with meetings", 'en'],
      ['Mein Problem: Anwesenheit bleibt grau', 'de'],
      ['mein Lync stürzt ständig ab', 'de'],
      ['Ich habe Probleme mit Besprechungen', 'de'],
      ["Lync won't connect", 'en'],
      ["my phone doesn't ring", 'en'],
      ['the meeting link is broken', 'en'],
      ['Ich kann mich nicht anmelden', 'de'],
      ['Lync verbindet nicht', 'de'],
    ];
    readsAs(reports.map(([text, lang]) => ({ text, lang, command: { intent: 'reportProblem', text }, title: `"${text}" is a report` })));

    it('a question or a list of reports is none', () => {
      assert.notEqual(recognize('what is my problem', DEMO_CATALOG).command.intent, 'reportProblem');
      assert.notEqual(recognize('does my phone stay grey?', DEMO_CATALOG).command.intent, 'reportProblem');
      assert.deepEqual(recognize('list my problems', DEMO_CATALOG).command, { intent: 'listProblems' });
    });
  });

  const w = useWorld();
  beforeEach(async () => {
    // The demo's Munich pilot is signed off; take the sign-off back so the reports can block it.
    await new RunbookLedger(w.store).update('Munich', (r) => ({ manual: r.manual, ...(r.pilotStartedAt !== undefined ? { pilotStartedAt: r.pilotStartedAt } : {}) }));
  });

  it('stores a report with the reporter\'s state and acknowledges it in their language', async () => {
    assert.match(textOf(await w.say("I can't join meetings since the move", BOB)), /^Thank you, your report is recorded as problem 2\./);
    assert.match(textOf(await w.say('Problem melden: Anwesenheit bleibt grau', ALICE, 'en-US')), /^Danke, Ihre Meldung ist als Problem 3 erfasst\./);
    // #1 is the demo's open Munich report, filed after the pilot's sign-off.
    const [seeded, bob, alice] = await new ProblemBook(w.store).list();
    assert.deepEqual({ id: seeded.id, site: seeded.site, state: seeded.state }, { id: '1', site: 'Munich', state: 'open' });
    assert.deepEqual(
      { text: bob.text, site: bob.site, pool: bob.pool, lang: bob.lang, state: bob.state, reporter: bob.reporter.sip, moved: typeof bob.movedAt },
      { text: "I can't join meetings since the move", site: 'Munich', pool: 'lync-muc.contoso.local', lang: 'en', state: 'open', reporter: 'bob@contoso.com', moved: 'number' },
    );
    assert.deepEqual({ text: alice.text, site: alice.site, lang: alice.lang }, { text: 'Anwesenheit bleibt grau', site: 'Berlin', lang: 'de' });
    assert.match(cardText((await w.say('history of site Munich'))[0].card), /reported problem 2/);
  });

  it('keeps a report of many sentences whole (up to its limit); a long paragraph that does not start as a report is no command', async () => {
    const details = 'Presence stays grey after sign-in on the laptop, the phone shows it green. '.repeat(8);
    assert.match(textOf(await w.say(`Problem melden: ${details}`, BOB)), /^Danke, Ihre Meldung ist als Problem 2 erfasst\./);
    assert.match(textOf(await w.say(`I can't join meetings since the move. ${details}`, BOB)), /^Thank you, your report is recorded as problem 3\./);
    const long = 'The meeting link from before the move opens an error page. '.repeat(30);
    assert.ok(long.length > PROBLEM_TEXT_MAX_CHARS);
    assert.match(textOf(await w.say(`report problem: ${long}`, BOB)), /^Thank you, your report is recorded as problem 4\./);
    const [, first, second, third] = await new ProblemBook(w.store).list();
    assert.equal(first.text, details.trim());
    assert.equal(second.text, `I can't join meetings since the move. ${details.trim()}`);
    assert.equal(third.text, long.slice(0, PROBLEM_TEXT_MAX_CHARS).trim());

    for (const text of [`move site Berlin to Lync 2013: ${details}`, details, `status of site Berlin. ${details}`]) {
      const replies = await w.say(text);
      assert.match(textOf(replies), /^Sorry, I did not understand/, text.slice(0, 40));
      assert.equal(replies.filter((r) => r.card).length, 0, 'no card, so nothing to confirm');
    }
    assert.equal((await new ProblemBook(w.store).list()).length, 4, 'nothing else was reported');
  });

  it('lists reports for staff, blocks the sign-off while open, and tells the reporter when resolved', async () => {
    await w.say("I can't join meetings since the move", BOB);
    await w.say('report problem: my presence stays grey', BOB);
    const list = cardOf(await w.say('list problems in Munich', HELGA));
    assert.match(list, /^Problem reports at Munich/);
    assert.match(list, /#1 · open · Bob Keller \(Munich · lync-muc\.contoso\.local\)/);
    assert.match(list, /#3 · open · Bob Keller .*"my presence stays grey"/);
    assert.match(cardOf(await w.say('Probleme in München anzeigen', HELGA)), /^Problemmeldungen in München/);
    assert.match(textOf(await w.say('list problems in Munich', ALICE)), /migration admins and the helpdesk/);

    assert.match(cardOf(await w.say('status of site Munich')), /Open problem reports\n3 \(see "list problems in Munich"\)/);
    assert.match(cardOf(await w.say('runbook for site Munich')), /3 open pilot problem report\(s\) at Munich must be resolved first/);
    assert.match(textOf(await w.say('sign off the pilot at site Munich')), /cannot be signed off: 3 problem report\(s\) are still open/);
    // The site-wide move says how long the pilot has run and what is missing, not just "not signed off".
    assert.match(cardOf(await w.say('move site Munich to Lync 2013')), /The pilot at Munich is not signed off: pilot running \d+ days \(7 needed\), 3 open problem reports\./);
    assert.match(cardOf(await w.say('Verschiebe Standort München nach Lync 2013')), /Der Pilot in München ist nicht abgenommen: Pilot läuft seit \d+ Tagen \(7 nötig\), 3 offene Problemmeldungen\./);

    assert.match(textOf(await w.say('resolve problem 3', HELGA)), /only migration admins can do that/);
    assert.match(textOf(await w.say('resolve problem 3')), /^Problem 3 is resolved\. Bob Keller has been told\./);
    assert.deepEqual(w.notices.map((n) => n.userKey), [BOB.id]);
    assert.match(w.notices[0].reply.text ?? '', /^Your problem report 3 \("my presence stays grey"\) has been resolved by Alex Wilber\./);
    assert.match(textOf(await w.say('resolve problem 3')), /already resolved/);
    assert.match(textOf(await w.say('resolve problem 99')), /There is no problem report 99/);
    assert.match(textOf(await w.say('Problem 1 gelöst', ALEX)), /^Problem 1 ist gelöst\./);
    assert.match(textOf(await w.say('resolve problem 2')), /^Problem 2 is resolved/);
    assert.match(textOf(await w.say('sign off the pilot at site Munich')), /The pilot at Munich is signed off/);
    assert.match(cardOf(await w.say('list problems in Munich', HELGA)), /#3 · resolved/);
  });
});
