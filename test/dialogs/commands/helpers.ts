// What the command tests of this folder share: the read commands' table of who may ask what in which
// language, the plan, confirm and run turns of the commands with side effects, and their flows
// (plan card -> Confirm -> queued -> final; what-if, refusals, expiry and double clicks).
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { AdaptiveCard } from '../../../dialogs/types';
import { demoTopology } from '../../../migration/demo-topology';
import type { Role } from '../../../migration/topology';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, cardOf, execute, invokeCard, message, onlyCard, textsOf, type Person } from '../../helpers/turns/activities';
import { FLOWS, type Flow } from '../../helpers/turns/flows';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import type { World } from '../../helpers/world';
import { standIn } from '../../helpers/stand-in';

export type Lang = 'en' | 'de';

export interface Expectation {
  /** Patterns the card text must contain (or, for text answers, the reply). */
  has: RegExp[];
  /** Patterns it must not contain. */
  lacks?: RegExp[];
}

export interface ReadCase {
  intent: string;
  say: Record<Lang, string>;
  roles: readonly Role[];
  /** The answer is a text, not a card (unknown). */
  textAnswer?: boolean;
  expect(person: Person, lang: Lang): Expectation;
  /** What a role without access reads (defaults to the staff-only refusal). */
  refusal?: Record<Lang, RegExp>;
}

const STAFF_ONLY: Record<Lang, RegExp> = {
  en: /^Sorry, that is for migration admins and the helpdesk\.$/,
  de: /^Das ist leider den Migrations-Admins und dem Helpdesk vorbehalten\.$/,
};
export const ROLE: Record<Person, Role> = { alex: 'admin', erin: 'admin', helga: 'helpdesk', alice: 'user' };
export const HOME: Record<Person, { pool: string; onLync: boolean }> = {
  alex: { pool: 'lync-muc.contoso.local', onLync: true },
  erin: { pool: 'ocs-ber.contoso.local', onLync: false },
  helga: { pool: 'lync-ham.contoso.local', onLync: true },
  alice: { pool: 'ocs-ber.contoso.local', onLync: false },
};
export const bi = (en: RegExp, de: RegExp) => (lang: Lang) => (lang === 'en' ? en : de);

/** The other language's locale: German phrasing arrives as en-US (the playground), English as de-DE. */
const LOCALE_AGAINST: Record<Lang, string> = { en: 'de-DE', de: 'en-US' };

function assertExpectation(text: string, expectation: Expectation, what: string): void {
  for (const pattern of expectation.has) assert.match(text, pattern, `${what}: missing ${pattern}\n${text}`);
  for (const pattern of expectation.lacks ?? []) assert.doesNotMatch(text, pattern, `${what}: should not show ${pattern}`);
}

/** The harness of the read commands: one finished job gives list/status/history of jobs something to show; Munich keeps its phase. */
export async function makeReadHarness(): Promise<TurnHarness> {
  const h = await makeTurnHarness();
  const plan = onlyCard(await h.turn(message('run coexistence tests for site Munich')));
  invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm'))));
  assert.equal((await h.world.observer.whenFinished('1')).state, 'completed');
  return h;
}

/** The read harness for the tests of the enclosing describe, made once before them and closed after. */
export function useReadHarness(): TurnHarness {
  return standIn(makeReadHarness, (h) => h.close(), 'all');
}

/** A read command asked by an admin, the helpdesk and a pilot user in English and German, each in the other language's locale. */
export function readCommandTests(c: ReadCase, harness: () => TurnHarness): void {
  describe(c.intent, () => {
    for (const person of ['alex', 'helga', 'alice'] as const) {
      const allowed = c.roles.includes(ROLE[person]);
      it(`${allowed ? 'answers' : 'refuses'} ${person} (${ROLE[person]}) in English and German, whatever the locale`, async () => {
        const h = harness();
        for (const lang of ['en', 'de'] as const) {
          const replies = await h.turn(message(c.say[lang], person, LOCALE_AGAINST[lang]));
          const what = `${c.intent} as ${person} in ${lang}`;
          assert.equal(replies.length, 1, `${what}: one reply`);
          if (!allowed) {
            assert.equal(replies[0].attachments, undefined, `${what}: a refusal has no card`);
            assert.match(replies[0].text ?? '', (c.refusal ?? STAFF_ONLY)[lang], what);
          } else if (c.textAnswer) {
            assert.equal(replies[0].attachments, undefined);
            assertExpectation(replies[0].text ?? '', c.expect(person, lang), what);
          } else {
            assertExpectation(cardText(cardOf(replies[0])), c.expect(person, lang), what);
          }
        }
      });
    }
  });
}

export const NOT_ADMIN_CLICK = 'Only migration admins can confirm or cancel this. Your click was recorded; nothing was changed.';
const NOT_ADMIN_CLICK_DE = 'Nur Migrations-Admins können das bestätigen oder abbrechen. Ihr Klick wurde protokolliert; es wurde nichts geändert.';
const verbs = (card: AdaptiveCard) => ((card.actions ?? []) as Array<{ verb?: string }>).map((a) => a.verb);

/** The demo deployment, and three Munich users still on OCS (Munich is in its pilot phase, so moving them passes the gates). */
export const topology = demoTopology();
export const [FAILS, MOVES, PICKED] = topology.users
  .filter((u) => u.homePool === 'ocs-muc.contoso.local' && !u.testUser && u.enabled && u.displayName === u.displayName.trim() && u.role === 'user')
  .map((u) => u.sip);

/** The turns of a command with side effects, on the harness a describe block currently holds. */
export function proposalTurns(harness: () => TurnHarness) {
  async function plan(text: string, as: Person = 'alex'): Promise<{ card: AdaptiveCard; activityId?: string }> {
    const replies = await harness().turn(message(text, as));
    return { card: onlyCard(replies), activityId: replies[0].id };
  }

  /** Clicks Confirm; returns the queued card from the invokeResponse and the job id it names. */
  async function confirm(card: AdaptiveCard, as: Person = 'alex'): Promise<{ card: AdaptiveCard; jobId: string }> {
    const replies = await harness().turn(execute('proposal.confirm', buttonData(card, 'proposal.confirm'), as));
    assert.deepEqual(replies.map((r) => r.type), ['invokeResponse'], 'a confirmation answers with the invoke response only');
    const queued = invokeCard(replies);
    const jobId = /^(?:Queued as job|Als Auftrag) (\d+)/.exec(cardText(queued))?.[1];
    assert.ok(jobId, `a queued card, got ${cardText(queued)}`);
    return { card: queued, jobId };
  }

  async function runToEnd(text: string): Promise<string> {
    const { jobId } = await confirm((await plan(text)).card);
    assert.equal((await harness().finished(jobId)).state, 'completed', `${text} completes`);
    return jobId;
  }

  /** Plans, confirms and waits for a completed job. */
  async function run(text: string): Promise<void> {
    const h = harness();
    const plan = onlyCard(await h.turn(message(text)));
    const queued = cardText(invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm')))));
    const jobId = /job (\d+)/i.exec(queued)?.[1];
    assert.ok(jobId, queued);
    assert.equal((await h.finished(jobId)).state, 'completed');
  }

  return { plan, confirm, runToEnd, run };
}

/** The flows of test/helpers/turns/flows.ts that `command` plans, each on a fresh deployment. */
export function flowTests(command: Flow['command']): void {
  const flows = FLOWS.filter((f) => f.command === command);
  assert.ok(flows.length > 0, `no flow for ${command}`);

  describe('plan -> confirm -> queued -> final', () => {
    let h: TurnHarness;
    afterEach(() => h?.close());
    const { plan, confirm, runToEnd } = proposalTurns(() => h);

    for (const flow of flows) {
      it(flow.name, async () => {
        h = await makeTurnHarness();
        for (const step of flow.prepare ?? []) await runToEnd(step);
        const proposed = await plan(flow.say);
        const planText = cardText(proposed.card);
        for (const pattern of flow.plan) assert.match(planText, pattern);
        assert.deepEqual(verbs(proposed.card), ['proposal.confirm', 'proposal.cancel']);
        const proposalId = String(buttonData(proposed.card, 'proposal.confirm').proposalId);
        assert.equal((await h.world.store.getProposal(proposalId))?.card?.activityId, proposed.activityId, 'the posted plan card is tracked for updates');

        const queued = await confirm(proposed.card);
        assert.match(cardText(queued.card), new RegExp(`(Job|Auftrag) ${queued.jobId} (is queued|ist eingereiht)`));
        assert.deepEqual(verbs(queued.card), ['job.pause', 'job.cancel']);

        await h.finished(queued.jobId);
        const final = cardText(onlyCard(await h.turn(message(`status of job ${queued.jobId}`))));
        for (const pattern of flow.final) assert.match(final, pattern);
        const after = cardText(onlyCard(await h.turn(message(flow.then.say, flow.then.as ?? 'alex'))));
        for (const pattern of flow.then.has) assert.match(after, pattern);
      });
    }
  });

  describe('what if, refusals, expiry and double clicks start nothing extra', () => {
    let h: TurnHarness;
    afterEach(() => h?.close());
    const { plan, runToEnd } = proposalTurns(() => h);

    for (const flow of flows) {
      it(flow.name, async () => {
        h = await makeTurnHarness();
        for (const step of flow.prepare ?? []) await runToEnd(step);
        const jobs = async () => (await h.world.store.listJobs(50)).length;
        const before = await jobs();
        if (flow.dryRun) {
          const dry = (await plan(flow.dryRun.say)).card;
          assert.match(cardText(dry), flow.dryRun.title);
          assert.equal(dry.actions, undefined, 'a what-if card has no buttons');
        }
        const proposed = await plan(flow.say);
        const data = buttonData(proposed.card, 'proposal.confirm');
        // Buttons carry the language of their card; the answers to a click follow it.
        const german = data.lang === 'de';
        for (const person of ['helga', 'alice'] as const) {
          assert.deepEqual(textsOf(await h.turn(execute('proposal.confirm', data, person))), [german ? NOT_ADMIN_CLICK_DE : NOT_ADMIN_CLICK], `${person} is refused`);
        }
        const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
        try {
          const late = await plan(flow.say);
          clock.tick(15 * 60_000 + 1);
          const expired = invokeCard(await h.turn(execute('proposal.confirm', buttonData(late.card, 'proposal.confirm'))));
          assert.match(cardText(expired), german ? /^Diese Bestätigung ist abgelaufen/ : /^This confirmation has expired/);
          assert.equal(expired.actions, undefined);
        } finally {
          clock.restore();
        }
        assert.equal(await jobs(), before, 'nothing started so far');
        const click = execute('proposal.confirm', data);
        const replies = await h.turns(click, { ...click, id: 'the-same-click-again' });
        const queued = replies.filter((r) => r.type === 'invokeResponse').filter((r) => /^(Queued as job|Als Auftrag) \d+/.test(cardText((r.value as { body: { value: unknown } }).body.value)));
        assert.equal(queued.length, 1, 'one of two simultaneous clicks queues the job');
        assert.equal(await jobs(), before + 1);
      });
    }
  });
}

/** Plans a step by chat (a coexistence test at Berlin unless told); returns the pending proposal's id. */
export async function proposeByChat(w: World, text = 'run coexistence tests for site Berlin'): Promise<string> {
  const replies = await w.say(text);
  const id = replies.find((r) => r.track?.kind === 'proposal')?.track?.id;
  assert.ok(id, `a plan card: ${JSON.stringify(replies).slice(0, 300)}`);
  assert.equal((await w.store.getProposal(id))?.state, 'pending');
  return id;
}
