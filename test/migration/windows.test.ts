// Maintenance windows: parsing MAINTENANCE_WINDOWS, open/closed across midnight and daylight-saving
// changes, and the runner with a clock the test moves: a window closing mid-job pauses it (moves in
// flight finish, nothing new starts), the card says until when, the next opening resumes it, and a
// forced job runs outside the window with the attention note.
import assert from 'node:assert/strict';
import { createConversation } from '../../dialogs';
import { loadConfig } from '../../bot/config';
import { silentLogger } from '../../migration/ports';
import { isOpen, nextOpening, parseMaintenanceWindows } from '../../migration/schedule/windows';
import { cardText } from '../helpers/turns/card-check';
import { ALEX, makeWorld, type World } from '../helpers/world';
import { until } from '../helpers/world/jobs';

const BERLIN = 'Europe/Berlin';
/** Berlin local time as an instant (winter: UTC+1). */
const berlinWinter = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 1, mi);

describe('migration/schedule/windows', () => {
  describe('parsing and open/closed', () => {
    const w = parseMaintenanceWindows('Munich(Europe/Berlin)=Mon-Fri 20:00-06:00,Sat-Sun 00:00-24:00; Berlin=Sat 22:00-23:00', 'UTC');

    it('reads sites, time zones (own or default) and ranges', () => {
      assert.deepEqual(Object.keys(w), ['munich', 'berlin']);
      assert.equal(w.munich.timeZone, BERLIN);
      assert.equal(w.berlin.timeZone, 'UTC');
      assert.deepEqual(w.munich.ranges, [
        { days: [1, 2, 3, 4, 5], start: 1200, end: 360 },
        { days: [6, 0], start: 0, end: 1440 },
      ]);
      assert.equal(w.munich.text, 'Mon-Fri 20:00-06:00, Sat-Sun 00:00-24:00');
    });

    it('is open overnight into the next morning and all weekend, closed on weekdays by day', () => {
      const m = w.munich;
      assert.equal(isOpen(m, berlinWinter(2026, 12, 14, 19, 59)), false, 'Mon 19:59');
      assert.equal(isOpen(m, berlinWinter(2026, 12, 14, 20, 0)), true, 'Mon 20:00');
      assert.equal(isOpen(m, berlinWinter(2026, 12, 15, 5, 59)), true, 'Tue 05:59');
      assert.equal(isOpen(m, berlinWinter(2026, 12, 15, 6, 0)), false, 'Tue 06:00');
      assert.equal(isOpen(m, berlinWinter(2026, 12, 12, 12, 0)), true, 'Sat noon');
      assert.equal(isOpen(m, berlinWinter(2026, 12, 14, 5, 0)), false, 'Mon 05:00: Sunday ends at midnight, no night range started on Sunday');
      assert.equal(isOpen(w.berlin, Date.UTC(2026, 11, 12, 22, 30)), true);
      assert.equal(isOpen(undefined, 0), true, 'a site without windows is always open');
    });

    it('finds the next opening in the site zone, also across a daylight-saving change', () => {
      const m = w.munich;
      assert.equal(nextOpening(m, berlinWinter(2026, 12, 15, 9, 0)), berlinWinter(2026, 12, 15, 20, 0));
      // Friday 27 March 2027 09:00 CET: the weekend window opens Saturday 00:00 CET.
      assert.equal(nextOpening(m, Date.UTC(2027, 2, 26, 8, 0)), Date.UTC(2027, 2, 26, 19, 0));
      // Monday 29 March 2027 09:00 CEST (UTC+2): the evening window opens 20:00 CEST = 18:00 UTC.
      assert.equal(nextOpening(m, Date.UTC(2027, 2, 29, 7, 0)), Date.UTC(2027, 2, 29, 18, 0));
      const spring = parseMaintenanceWindows('Munich(Europe/Berlin)=Sun 02:30-04:00', 'UTC').munich;
      // 02:30 does not exist on 28 March 2027: the window opens at 03:00 CEST, the first instant after the gap.
      assert.equal(nextOpening(spring, Date.UTC(2027, 2, 27, 12, 0)), Date.UTC(2027, 2, 28, 1, 0));
    });

    it('stops start with a clear line for a bad value', () => {
      assert.throws(() => loadConfig({ MAINTENANCE_WINDOWS: 'Munich=Mon-Fri 20-06' }), /MAINTENANCE_WINDOWS is invalid: "Mon-Fri 20-06" is not a range/);
      assert.throws(() => loadConfig({ MAINTENANCE_WINDOWS: 'Munich(Mars/Olympus)=Mon 20:00-22:00' }), /"Mars\/Olympus" is not a time zone/);
      assert.throws(() => loadConfig({ DEFAULT_TIME_ZONE: 'Berlin' }), /DEFAULT_TIME_ZONE must be an IANA time zone/);
      const ok = loadConfig({ MAINTENANCE_WINDOWS: 'Munich=Sat-Sun 00:00-24:00', DEFAULT_TIME_ZONE: BERLIN });
      assert.equal(ok.maintenanceWindows.munich.timeZone, BERLIN);
      assert.deepEqual(loadConfig({}).maintenanceWindows, {});
    });
  });

  describe('the runner inside and outside a window', () => {
    let w: World | undefined;
    afterEach(async () => {
      await w?.close();
      w = undefined;
    });
    const windows = parseMaintenanceWindows('Munich(Europe/Berlin)=Sat 20:00-21:30,Sun 20:00-22:00', 'UTC');
    /** Saturday 12 December 2026, 21:00 in Berlin: the window is open until 21:30. */
    const SAT_2100 = berlinWinter(2026, 12, 12, 21, 0);

    async function world(clock: { now(): number }) {
      const world = await makeWorld({ clock, moveLatencyMs: 5, runner: { windows, concurrencyPerPool: 2 } });
      // Coexistence passed an hour before the test's clock (results expire after a few days).
      await world.store.saveCoexistenceResult({ site: 'Munich', at: clock.now() - 3_600_000, passed: true, checks: [] });
      const conversation = createConversation({
        store: world.store, backend: world.backend, directory: world.directory, topology: world.index, runner: world.runner, clock, logger: silentLogger,
        settings: { proposalTtlMs: 15 * 60_000, requireSecondApprover: false, adminUserIds: [ALEX.id], maintenanceWindows: windows },
      });
      const say = (text: string) =>
        conversation.onMessage({ text, actor: ALEX, locale: 'en-US', conversationId: 'c', conversationRef: { conversation: { id: 'c', conversationType: 'personal' } }, correlationId: String(Math.random()), timeZone: BERLIN });
      const confirm = async (text: string) => {
        const replies = await say(text);
        const plan = replies.find((r) => r.track?.kind === 'proposal');
        assert.ok(plan, JSON.stringify(replies.map((r) => r.text ?? cardText(r.card))));
        await conversation.onCardAction({ data: { verb: 'proposal.confirm', proposalId: plan.track!.id, lang: 'en' }, actor: ALEX, locale: 'en-US', conversationId: 'c', conversationRef: {}, correlationId: 'x', trigger: 'manual' });
        return { planText: cardText(plan.card), job: (await world.store.listJobs(1))[0] };
      };
      return { world, conversation, say, confirm };
    }

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('pauses at the end of the window (in-flight moves finish), says until when, and resumes at the next opening', async () => {
      const clock = { t: SAT_2100, now() { return this.t; } };
      const t = await world(clock);
      w = t.world;
      const { job, planText } = await t.confirm('move site Munich to Lync 2013');
      assert.match(planText, /Maintenance window\s+Munich: Sat 20:00-21:30, Sun 20:00-22:00 \(Europe\/Berlin\)/);
      await until('some moves', async () => (await w!.store.itemCounts(job.id)).done >= 10);
      clock.t = berlinWinter(2026, 12, 12, 21, 30);
      await until('in-flight moves to finish', async () => (await w!.store.itemCounts(job.id)).running === 0);
      const paused = (await w.store.itemCounts(job.id)).done;
      await sleep(300);
      const counts = await w.store.itemCounts(job.id);
      assert.equal(counts.done, paused, 'nothing new starts after the window closed');
      assert.ok(counts.pending > 0);
      const card = cardText(await t.conversation.jobCard(job.id, 'en'));
      assert.match(card, /paused until Sun 13 Dec 2026, 20:00 Europe\/Berlin: outside the maintenance window of Munich/);
      const list = cardText((await t.say('list jobs'))[0].card);
      assert.match(list, /paused until Sun 13 Dec 2026, 20:00/);
      clock.t = berlinWinter(2026, 12, 13, 19, 59);
      await sleep(200);
      assert.equal((await w.store.itemCounts(job.id)).done, paused);
      clock.t = berlinWinter(2026, 12, 13, 20, 0);
      const finished = await w.observer.whenFinished(job.id);
      assert.equal(finished.state, 'completed');
    });

    it('runs a forced job outside the window and says so in attention style', async () => {
      const clock = { t: berlinWinter(2026, 12, 14, 12, 0), now() { return this.t; } };
      const t = await world(clock);
      w = t.world;
      const { job, planText } = await t.confirm('move site Munich to Lync 2013 force');
      assert.match(planText, /Runs outside the maintenance window of Munich \(force\)/);
      const card = cardText(await t.conversation.jobCard(job.id, 'en'));
      assert.match(card, /Runs outside the maintenance window of Munich \(force\)/);
      const finished = await w.observer.whenFinished(job.id);
      assert.equal(finished.state, 'completed');
    });

    it('does not start an unforced job outside the window', async () => {
      const clock = { t: berlinWinter(2026, 12, 14, 12, 0), now() { return this.t; } };
      const t = await world(clock);
      w = t.world;
      const { job, planText } = await t.confirm('move site Munich to Lync 2013');
      assert.match(planText, /closed now; work starts when it opens, Sat 19 Dec 2026, 20:00 Europe\/Berlin/);
      await sleep(300);
      assert.equal((await w.store.itemCounts(job.id)).done, 0);
      assert.equal((await w.backend.moves()).length, 0);
    });

    it('"… during the maintenance window" plans as usual where the site has one, and says so where it has none', async () => {
      const clock = { t: berlinWinter(2026, 12, 14, 12, 0), now() { return this.t; } };
      const t = await world(clock);
      w = t.world;
      const { planText } = await t.confirm('move site Munich to Lync 2013 during the maintenance window');
      assert.match(planText, /closed now; work starts when it opens, Sat 19 Dec 2026, 20:00 Europe\/Berlin/);

      // Berlin has no window: the job would start at once, so nothing is planned.
      const proposalsBefore = (await w.store.listAudit({ limit: 100 })).filter((e) => e.event === 'proposal.created').length;
      const en = await t.say('move group Sales Berlin to Lync 2013 in the next maintenance window');
      assert.deepEqual(en.map((r) => r.text), [
        'No maintenance window is set for Berlin (MAINTENANCE_WINDOWS), so the job would start as soon as it is confirmed. Say when it should start instead, for example "… tonight at 22:00". Nothing was planned.',
      ]);
      const de = await t.say('Gruppe Sales Berlin im nächsten Wartungsfenster nach Lync 2013 verschieben');
      assert.match(de[0].text ?? '', /^Für Berlin ist kein Wartungsfenster eingerichtet \(MAINTENANCE_WINDOWS\)/);
      const audit = await w.store.listAudit({ limit: 100 });
      assert.equal(audit.filter((e) => e.event === 'proposal.created').length, proposalsBefore, 'no proposal');
      assert.deepEqual(audit.find((e) => e.event === 'command.unresolved')?.details, { intent: 'move', noWindow: ['Berlin'] });
    });
  });
});
