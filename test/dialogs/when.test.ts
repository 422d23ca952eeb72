// Start times and pacing in chat text: English and German phrasings placed in the admin's time
// zone (across daylight-saving changes), and the questions asked instead of guessing.
import assert from 'node:assert/strict';
import { catalogFromTopology, recognize, type Recognition } from '../../dialogs/recognizer';
import { findWhen, resolveWhen } from '../../dialogs/recognizer/when';
import { demoTopology } from '../../migration/demo-topology';
import { instantsOf, offsetAt, zonedParts } from '../../migration/schedule/time';
import { TopologyIndex } from '../../migration/topology';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));
const BERLIN = 'Europe/Berlin';
/** Saturday 12 December 2026, 16:00 in Berlin (15:00 UTC). */
const SAT_16 = Date.UTC(2026, 11, 12, 15, 0);

const read = (text: string, now = SAT_16, timeZone = BERLIN): Recognition => recognize(text, catalog, { now, timeZone });
const startOf = (text: string, now = SAT_16, timeZone = BERLIN) => {
  const r = read(text, now, timeZone);
  assert.ok(r.when && 'startAt' in r.when, `${text}: ${JSON.stringify(r.when)}`);
  assert.equal((r.command as { startAt?: string }).startAt, r.when.startAt);
  return r.when;
};
const problemOf = (text: string, now = SAT_16, timeZone = BERLIN) => {
  const r = read(text, now, timeZone);
  assert.ok(r.when && 'problem' in r.when, `${text}: expected a question, got ${JSON.stringify(r.when)}`);
  assert.equal('startAt' in r.command, false);
  return r.when.problem;
};

describe('dialogs/recognizer/when', () => {
  describe('English and German phrasings become startAt in the admin zone', () => {
    const cases: Array<[string, string, string]> = [
      ['move site Munich to Lync 2013 tonight at 22:00', '2026-12-12T22:00', 'tonight at 22:00'],
      ['move site Munich to Lync 2013 tonight at 10', '2026-12-12T22:00', 'tonight at 10'],
      ['move pilot group to Lync 2013 tomorrow at 7am', '2026-12-13T07:00', 'tomorrow at 7am'],
      ['move pilot group to Lync 2013 tomorrow at 7:30 pm', '2026-12-13T19:30', 'tomorrow at 7:30 pm'],
      ['move site Munich to Lync 2013 Saturday 6:00', '2026-12-19T06:00', 'Saturday 6:00'],
      ['move site Munich to Lync 2013 on Sunday at 18:00', '2026-12-13T18:00', 'on Sunday at 18:00'],
      ['move site Munich to Lync 2013 on 24 December 2026 at 22:00', '2026-12-24T22:00', 'on 24 December 2026 at 22:00'],
      ['move site Munich to Lync 2013 on December 24 at 9pm', '2026-12-24T21:00', 'on December 24 at 9pm'],
      ['move site Munich to Lync 2013 2027-01-09T06:00', '2027-01-09T06:00', '2027-01-09T06:00'],
      ['move site Munich to Lync 2013 in 2 hours', '2026-12-12T18:00', 'in 2 hours'],
      ['Standort München am Samstag um 6 Uhr nach Lync 2013 verschieben', '2026-12-19T06:00', 'am Samstag um 6 Uhr'],
      ['Standort München heute Abend um 22 Uhr nach Lync 2013 verschieben', '2026-12-12T22:00', 'heute Abend um 22 Uhr'],
      ['Pilotgruppe morgen früh um 7 nach Lync 2013 verschieben', '2026-12-13T07:00', 'morgen früh um 7'],
      ['Standort München Samstag 6 Uhr nach Lync 2013 verschieben', '2026-12-19T06:00', 'Samstag 6 Uhr'],
      ['Standort München am 24.12.2026 um 22:00 nach Lync 2013 verschieben', '2026-12-24T22:00', 'am 24.12.2026 um 22:00'],
      ['Standort München übermorgen um 5 Uhr nach Lync 2013 verschieben', '2026-12-14T05:00', 'übermorgen um 5 Uhr'],
      ['Standort München heute Nacht um 2 Uhr nach Lync 2013 verschieben', '2026-12-13T02:00', 'heute Nacht um 2 Uhr'],
      // Midnight (and 24:00) ends the day it is said of: the coming one, never today's past 00:00.
      ['move site Munich to Lync 2013 at midnight', '2026-12-13T00:00', 'at midnight'],
      ['move site Munich to Lync 2013 tonight at midnight', '2026-12-13T00:00', 'tonight at midnight'],
      ['move site Munich to Lync 2013 on Sunday at midnight', '2026-12-14T00:00', 'on Sunday at midnight'],
      ['move site Munich to Lync 2013 at 24:00', '2026-12-13T00:00', 'at 24:00'],
      ['Standort München um Mitternacht nach Lync 2013 verschieben', '2026-12-13T00:00', 'um Mitternacht'],
    ];
    for (const [text, startAt, words] of cases) {
      it(`${text} -> ${startAt}`, () => {
        const when = startOf(text);
        assert.equal(when.startAt, startAt);
        assert.equal(when.words, words);
        const r = read(text);
        assert.ok(r.command.intent === 'move', JSON.stringify(r.command));
      });
    }

    it('keeps the subject and the language of the rest of the sentence', () => {
      const de = read('Standort München am Samstag um 6 Uhr nach Lync 2013 verschieben');
      assert.deepEqual(de.command, { intent: 'move', subject: { kind: 'site', site: 'Munich' }, target: 'lync2013', dryRun: false, startAt: '2026-12-19T06:00' });
      assert.equal(de.language, 'de');
      const en = read('move pilot group to Lync 2013 tomorrow at 7am');
      assert.deepEqual(en.command, { intent: 'move', subject: { kind: 'group', group: 'Pilot' }, target: 'lync2013', dryRun: false, startAt: '2026-12-13T07:00' });
      assert.equal(en.language, 'en');
    });

    it('schedules coexistence tests, decommission and rollback too', () => {
      assert.equal((read('run coexistence tests for site Berlin tonight at 23:00').command as { startAt?: string }).startAt, '2026-12-12T23:00');
      assert.equal((read('decommission legacy pool at site Hamburg on Sunday at 3:00').command as { startAt?: string }).startAt, '2026-12-13T03:00');
      assert.equal((read('roll back pilot group tomorrow at 6am').command as { startAt?: string }).startAt, '2026-12-13T06:00');
    });

    it('places the same words in the zone of the admin who typed them', () => {
      const ny = startOf('move site Munich to Lync 2013 tonight at 22:00', SAT_16, 'America/New_York');
      assert.equal(ny.startAt, '2026-12-12T22:00');
      assert.equal(ny.instant, Date.UTC(2026, 11, 13, 3, 0));
      const berlin = startOf('move site Munich to Lync 2013 tonight at 22:00');
      assert.equal(berlin.instant, Date.UTC(2026, 11, 12, 21, 0));
    });
  });

  describe('reads commands without a time as before', () => {
    for (const [text, intent] of [
      ['status of job 22', 'jobStatus'],
      ['confirm 12', 'confirmProposal'],
      ['Guten Morgen, verschiebe Standort München nach Lync 2013', 'move'],
      ['move pilot group to Lync 2013', 'move'],
      ['history of site Munich', 'history'],
    ] as const) {
      it(`${text} -> ${intent}, no startAt`, () => {
        const r = read(text);
        assert.equal(r.command.intent, intent);
        assert.equal('startAt' in r.command, false);
        assert.equal(r.when, undefined);
      });
    }
  });

  describe('asks instead of guessing', () => {
    it('an hour that could be morning or evening', () => {
      assert.deepEqual(problemOf('move pilot group to Lync 2013 tomorrow at 7'), { kind: 'ambiguous', choices: ['07:00', '19:00'] });
      assert.deepEqual(problemOf('Pilotgruppe morgen um 8 nach Lync 2013 verschieben'), { kind: 'ambiguous', choices: ['08:00', '20:00'] });
    });
    it('a day without a time', () => {
      assert.equal(problemOf('move site Munich to Lync 2013 tonight').kind, 'noTime');
      assert.equal(problemOf('Standort München heute Abend nach Lync 2013 verschieben').kind, 'noTime');
      assert.equal(problemOf('move site Munich to Lync 2013 on Saturday').kind, 'noTime');
    });
    it('a time that has passed', () => {
      assert.deepEqual(problemOf('move site Munich to Lync 2013 today at 10:00'), { kind: 'past', local: '2026-12-12 10:00', now: '2026-12-12 16:00' });
      assert.equal(problemOf('move site Munich to Lync 2013 on 1.12.2026 at 22:00').kind, 'past');
    });
    it('a day and month that can be read both ways', () => {
      assert.deepEqual(problemOf('move site Munich to Lync 2013 on 3/4/2027 at 22:00'), { kind: 'ambiguous', choices: ['3.4.', '4.3.'] });
    });
    it('a date that does not exist, and two different times', () => {
      assert.equal(problemOf('move site Munich to Lync 2013 on 31.02.2027 at 22:00').kind, 'invalid');
      assert.equal(problemOf('move site Munich to Lync 2013 tomorrow at 7am on Saturday').kind, 'twice');
      assert.equal(problemOf('move site Munich to Lync 2013 tonight at 7am').kind, 'ambiguous');
    });
  });

  describe('across daylight-saving changes (Europe/Berlin)', () => {
    it('the offset changes from +1 h to +2 h on 28 March 2027 and back on 31 October 2027', () => {
      assert.equal(offsetAt(Date.UTC(2027, 2, 28, 0, 30), BERLIN), 3_600_000);
      assert.equal(offsetAt(Date.UTC(2027, 2, 28, 1, 30), BERLIN), 7_200_000);
      assert.equal(offsetAt(Date.UTC(2027, 9, 31, 0, 30), BERLIN), 7_200_000);
      assert.equal(offsetAt(Date.UTC(2027, 9, 31, 1, 30), BERLIN), 3_600_000);
    });
    it('22:00 the evening before and after a change is 22:00 local on both sides', () => {
      const before = startOf('move site Munich to Lync 2013 tomorrow at 22:00', Date.UTC(2027, 2, 27, 10, 0));
      assert.equal(before.startAt, '2027-03-28T22:00');
      assert.equal(before.instant, Date.UTC(2027, 2, 28, 20, 0)); // CEST, UTC+2
      const saturday = startOf('move site Munich to Lync 2013 tonight at 22:00', Date.UTC(2027, 2, 27, 10, 0));
      assert.equal(saturday.instant, Date.UTC(2027, 2, 27, 21, 0)); // CET, UTC+1
      const autumn = startOf('move site Munich to Lync 2013 tomorrow at 22:00', Date.UTC(2027, 9, 30, 10, 0));
      assert.equal(autumn.instant, Date.UTC(2027, 9, 31, 21, 0)); // back to CET
    });
    it('"in 2 hours" across the spring change is two real hours', () => {
      const when = startOf('move site Munich to Lync 2013 in 2 hours', Date.UTC(2027, 2, 28, 0, 30));
      assert.equal(when.instant, Date.UTC(2027, 2, 28, 2, 30));
      assert.equal(when.startAt, '2027-03-28T04:30');
    });
    it('a time the clocks skip, and a time they pass twice, get a question', () => {
      const now = Date.UTC(2027, 2, 20, 12, 0);
      assert.deepEqual(problemOf('move site Munich to Lync 2013 on 28.03.2027 at 02:30', now), { kind: 'gap', local: '2027-03-28 02:30' });
      assert.deepEqual(problemOf('move site Munich to Lync 2013 on 31.10.2027 at 02:30', now), { kind: 'repeated', local: '2027-10-31 02:30' });
      assert.equal(instantsOf({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, BERLIN).length, 0);
      assert.equal(instantsOf({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 }, BERLIN).length, 2);
      assert.deepEqual(zonedParts(Date.UTC(2027, 9, 31, 0, 30), BERLIN).hour, 2);
    });
  });

  describe('pacing', () => {
    it('"in waves of 200 an hour" and "höchstens 100 Benutzer pro Stunde" become rate', () => {
      const en = read('move site Munich to Lync 2013 in waves of 200 an hour');
      assert.deepEqual((en.command as { rate?: unknown }).rate, { users: 200, perMinutes: 60 });
      assert.equal(en.rateWords, 'in waves of 200 an hour');
      const de = read('Standort München nach Lync 2013 verschieben, höchstens 100 Benutzer pro Stunde');
      assert.deepEqual((de.command as { rate?: unknown }).rate, { users: 100, perMinutes: 60 });
      assert.equal(de.language, 'de');
      const every = read('move site Munich to Lync 2013, 50 users every 30 minutes');
      assert.deepEqual((every.command as { rate?: unknown }).rate, { users: 50, perMinutes: 30 });
    });
    it('a start and a pace in one sentence', () => {
      const r = read('move site Munich to Lync 2013 tonight at 22:00 in waves of 200 an hour');
      assert.deepEqual(r.command, { intent: 'move', subject: { kind: 'site', site: 'Munich' }, target: 'lync2013', dryRun: false, startAt: '2026-12-12T22:00', rate: { users: 200, perMinutes: 60 } });
    });
    it('findWhen leaves the rest of the sentence for the intent rules', () => {
      assert.equal(findWhen('move site Munich to Lync 2013 tonight at 22:00 in waves of 200 an hour').rest, 'move site Munich to Lync 2013');
    });
  });

  it('resolveWhen rejects a time of 25:00', () => {
    const found = findWhen('tomorrow at 25:00');
    assert.ok(found.when);
    const r = resolveWhen(found.when, SAT_16, BERLIN);
    assert.ok('problem' in r && r.problem.kind === 'invalid');
  });
});
