// Card builders: valid Adaptive Card 1.5 in both languages, small at 10,000 users, buttons with
// Action.Submit fallbacks and typed twins.
import assert from 'node:assert/strict';
import { summarisePlan, type ItemCounts, type Job, type Plan, type Proposal } from '../../migration/model';
import { jobCard, jobListCard, queuedCard } from '../../dialogs/cards/job';
import { planCard, proposalStateCard } from '../../dialogs/cards/plan';
import { helpCard } from '../../dialogs/cards/help';
import { historyCard } from '../../dialogs/cards/history';
import { siteListCard, userStatusCard } from '../../dialogs/cards/status';
import type { Language } from '../../dialogs/types';
import type { CardElement, ExecuteAction } from '../../dialogs/cards/adaptive';
import { button, card, container, text } from '../../dialogs/cards/elements';
import { cardProblems, cardText } from '../helpers/turns/card-check';

const LANGS: Language[] = ['en', 'de'];

function bigPlan(n: number): Plan {
  return {
    operation: 'move',
    command: { intent: 'move', subject: { kind: 'site', site: 'Berlin' }, target: 'lync2013', dryRun: false },
    subject: { kind: 'site', name: 'Berlin' },
    sites: ['Berlin'],
    items: Array.from({ length: n }, (_, i) => ({ kind: 'user' as const, key: `user${i}@contoso.com`, label: `User Number ${i}`, site: 'Berlin', fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' })),
    flows: [{ fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local', count: n }],
    alreadyThere: 3,
    unresolved: Array.from({ length: 500 }, (_, i) => `ghost${i}@contoso.com`),
    skipped: Array.from({ length: 500 }, (_, i) => ({ key: `odd${i}@contoso.com`, reason: 'USER_DISABLED' as const })),
    gates: [
      { gate: 'coexistenceVerified', site: 'Berlin', passed: false, forcable: true },
      { gate: 'lyncPoolDeployed', site: 'Berlin', passed: true, forcable: false },
    ],
    blocked: false,
    forced: true,
    siteWide: true,
    dryRun: false,
    caveats: ['moveCommunicatorKeepsImPresence', 'moveMeetingsViaLyncWebApp', 'moveMeetingsMoveWithUser', 'siteWideFederationWindow'],
    needsSecondApprover: false,
  };
}

const actor = { id: 'a1', name: 'Alex Wilber', role: 'admin' as const };

function proposalFor(plan: Plan): Proposal {
  return { id: '7', state: 'pending', plan: summarisePlan(plan), requestedBy: actor, approvals: [], createdAt: 0, expiresAt: 15 * 60_000, locale: 'en' };
}

const job: Job = {
  id: '42',
  proposalId: '7',
  operation: 'move',
  subject: { kind: 'group', name: 'Pilot' },
  sites: ['Berlin', 'Munich'],
  siteWide: false,
  forced: false,
  state: 'running',
  requestedBy: actor,
  approvedBy: [actor],
  locale: 'en',
  createdAt: 1_000,
  startedAt: 2_000,
  totalItems: 100,
};
const counts: ItemCounts = { pending: 50, running: 4, done: 40, skipped: 0, failed: 6, cancelled: 0 };

describe('dialogs/cards', () => {
  it('types the elements: a misspelt property, a wrong style or a button without data does not compile', () => {
    // Checked by the compiler (npm run lint type-checks the tests): each line below must fail it.
    // @ts-expect-error: "colour" is no TextBlock property
    const misspelt: CardElement = { type: 'TextBlock', text: 'x', colour: 'Good' };
    // @ts-expect-error: "danger" is no container style
    const badStyle: CardElement = { type: 'Container', items: [], style: 'danger' };
    // @ts-expect-error: an Action.Execute carries its data
    const noData: ExecuteAction = { type: 'Action.Execute', title: 'x', verb: 'job.cancel' };
    const built = card([container([text('x', { color: 'Good' })], 'good')], [button('Cancel', { verb: 'job.cancel', jobId: '4', lang: 'en' }, 'destructive')]);
    assert.deepEqual(cardProblems(built), []);
    assert.deepEqual([misspelt.type, badStyle.type, noData.type], ['TextBlock', 'Container', 'Action.Execute']);
  });

  for (const lang of LANGS) {
    describe(`in ${lang}`, () => {
      it('renders a 10,000-user confirmation card under 28 KB with the first 10 names and +N more', () => {
        const plan = bigPlan(10_000);
        const card = planCard(plan, 'confirm', lang, proposalFor(plan));
        const size = Buffer.byteLength(JSON.stringify(card));
        assert.ok(size < 28 * 1024, `card is ${size} bytes`);
        assert.deepEqual(cardProblems(card), []);
        const text = cardText(card);
        assert.ok(text.includes('User Number 0'));
        assert.ok(text.includes('User Number 9'));
        assert.ok(!text.includes('User Number 10,'));
        assert.match(text, lang === 'en' ? /\+9[,.]?990 more/ : /\+9[.,]?990 weitere/);
        assert.equal(card.version, '1.5');
      });

      it('puts Confirm/Cancel as Action.Execute with an Action.Submit fallback and a typed twin', () => {
        const plan = bigPlan(3);
        const card = planCard(plan, 'confirm', lang, proposalFor(plan));
        const actions = card.actions as Array<Record<string, unknown>>;
        assert.equal(actions.length, 2);
        for (const a of actions) {
          assert.equal(a.type, 'Action.Execute');
          assert.equal((a.fallback as Record<string, unknown>).type, 'Action.Submit');
          assert.deepEqual((a.fallback as Record<string, unknown>).data, a.data);
        }
        assert.deepEqual(actions[0].data, { verb: 'proposal.confirm', proposalId: '7', lang });
        assert.ok(cardText(card).includes(lang === 'en' ? 'confirm 7' : 'bestätige 7'));
      });

      it('shows a forced gate override in attention style', () => {
        const card = planCard(bigPlan(3), 'confirm', lang, proposalFor(bigPlan(3)));
        const json = JSON.stringify(card);
        assert.ok(json.includes('"style":"attention"'));
        assert.match(cardText(card), lang === 'en' ? /overridden with force/ : /erzwingen/);
      });

      it('renders a dry run without buttons and a blocked plan with the reason and next step', () => {
        const dry = planCard(bigPlan(5), 'dryRun', lang);
        assert.equal(dry.actions, undefined);
        const blockedPlan = { ...bigPlan(5), forced: false, blocked: true };
        const blocked = planCard(blockedPlan, 'blocked', lang);
        assert.equal(blocked.actions, undefined);
        assert.ok(cardText(blocked).includes(lang === 'en' ? 'run coexistence tests for site Berlin' : 'Koexistenztest für Standort Berlin'));
        assert.deepEqual(cardProblems(blocked), []);
      });

      it('renders job progress with percent, counts and time left, and admin buttons only in the admin view', () => {
        const admin = jobCard({ job, counts, failures: [{ code: 'USER_DISABLED', count: 6, examples: ['a', 'b'] }], now: 12_000 }, lang, { adminView: true, refreshUserIds: ['x', 'y'] });
        const other = jobCard({ job, counts, failures: [], now: 12_000 }, lang, { adminView: false });
        assert.deepEqual(cardProblems(admin), []);
        assert.ok(cardText(admin).includes('46'));
        assert.match(cardText(admin), /46\s?%/);
        assert.deepEqual((admin.actions as Array<{ verb: string }>).map((a) => a.verb), ['job.pause', 'job.cancel']);
        assert.equal(other.actions, undefined);
        assert.deepEqual((admin.refresh as { userIds: string[] }).userIds, ['x', 'y']);
      });

      it('limits refresh user ids to 60', () => {
        const ids = Array.from({ length: 100 }, (_, i) => `u${i}`);
        const card = jobCard({ job, counts, failures: [], now: 0 }, lang, { adminView: false, refreshUserIds: ids });
        assert.equal((card.refresh as { userIds: string[] }).userIds.length, 60);
      });

      it('renders a final coexistence card with per-check results and diagnosis', () => {
        const done = { ...job, operation: 'coexistenceTest' as const, state: 'completed' as const, finishedAt: 9_000, totalItems: 2 };
        const card = jobCard(
          { job: done, counts: { ...counts, pending: 0, running: 0, done: 2, failed: 0 }, failures: [], checks: [{ check: 'imLegacyToLync', passed: true, latencyMs: 120 }, { check: 'replication', passed: false, error: '1 replica(s) not up to date', diagnosis: 'lync-ber-fe01.contoso.local' }], now: 9_000 },
          lang,
          { adminView: true },
        );
        assert.deepEqual(cardProblems(card), []);
        assert.ok(cardText(card).includes('lync-ber-fe01.contoso.local'));
        assert.ok(cardText(card).includes('120 ms'));
      });

      it('renders the queued card, job list, state cards, status cards and help without problems', () => {
        const cards = [
          queuedCard(job, lang, { adminView: true }),
          jobListCard([{ job, counts }], lang),
          jobListCard([], lang),
          proposalStateCard(proposalFor(bigPlan(2)), 'expired', lang),
          proposalStateCard(proposalFor(bigPlan(2)), 'awaitingSecond', lang, 'note'),
          siteListCard([{ name: 'Berlin', phase: 'side-by-side', usersOnOcs: 300, usersOnLync: 0 }], lang),
          userStatusCard({ name: 'Alice', sip: 'alice@contoso.com', pool: 'ocs-ber.contoso.local', onLync: false, pilot: true, site: 'Berlin' }, true, lang),
          helpCard([{ title: 'help', description: 'd' }], lang),
          historyCard([{ at: 0, actor: { id: 'a', name: 'Alex', role: 'admin' }, event: 'proposal.created', outcome: 'ok', site: 'Berlin', target: '1' }], undefined, lang),
        ];
        for (const c of cards) assert.deepEqual(cardProblems(c), [], JSON.stringify(c).slice(0, 200));
        assert.ok(cardText(cards[0]).includes(lang === 'en' ? 'Queued as job 42' : 'Als Auftrag 42 eingereiht'));
      });
    });
  }
});
