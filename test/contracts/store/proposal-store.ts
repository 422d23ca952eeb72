// Store contract, ProposalStore: proposals and their plan items, approvals (single use, second
// approver, expiry, cancellation, audit events in the same transaction) and concurrent confirm
// clicks starting exactly one job.
import assert from 'node:assert/strict';
import { PLAN_PREVIEW_ITEMS, summarisePlan, type Proposal } from '../../../migration/model';
import type { ApproveOutcome } from '../../../migration/ports';
import type { AuditLog, JobLedger, ProposalStore } from '../../../migration/store';
import type { ContractContext } from './context';
import { MINUTE, T0, admin, alex, erin, helga, makePlan, proposalInput, userItems } from '../../helpers/store/fixtures';

export function proposalStoreContract(ctx: ContractContext<ProposalStore & JobLedger & AuditLog>): void {
  describe('proposals', () => {
    it('creates pending proposals with short decimal ids and keeps every field', async () => {
      const input = proposalInput(makePlan(userItems(3)));
      const first = await ctx.store.createProposal(input);
      const second = await ctx.store.createProposal(input);
      assert.equal(first.id, '1');
      assert.equal(second.id, '2');
      assert.deepEqual(first, { ...input, plan: summarisePlan(input.plan), id: '1', state: 'pending', approvals: [] });
      assert.deepEqual(await ctx.store.getProposal('1'), first);
    });

    it('keeps the plan items as rows: a light summary inline, every item paged in plan order', async () => {
      const items = [...userItems(2_345), ...userItems(3, 'Munich', 'late')];
      const p = await ctx.store.createProposal(proposalInput(makePlan(items)));
      assert.equal('items' in p.plan, false);
      assert.equal(p.plan.itemCount, 2_348);
      assert.deepEqual(p.plan.itemKinds, ['user']);
      assert.deepEqual(p.plan.previewItems, items.slice(0, PLAN_PREVIEW_ITEMS));
      assert.deepEqual(await ctx.store.listProposalItems(p.id), items);
      assert.deepEqual(await ctx.store.listProposalItems(p.id, { limit: 4, offset: 2_344 }), items.slice(2_344, 2_348));
      assert.deepEqual(await ctx.store.listProposalItems(p.id, { offset: 2_347 }), [items[2_347]]);
      assert.deepEqual(await ctx.store.listProposalItems('999'), []);
      assert.deepEqual(await ctx.store.listProposalItems('x'), []);
    });

    it('summarises kinds in order of first appearance', async () => {
      const items = [...userItems(1), { kind: 'conferenceDirectory' as const, key: '3', label: 'Directory 3', site: 'Berlin', fromPool: 'a', toPool: 'b' }, ...userItems(1, 'Berlin', 'other')];
      const p = await ctx.store.createProposal(proposalInput(makePlan(items)));
      assert.deepEqual(p.plan.itemKinds, ['user', 'conferenceDirectory']);
      assert.deepEqual((await ctx.store.getProposal(p.id))?.plan, p.plan);
    });

    it('answers null for unknown and malformed ids', async () => {
      assert.equal(await ctx.store.getProposal('42'), null);
      assert.equal(await ctx.store.getProposal('abc'), null);
      assert.equal(await ctx.store.getProposal(''), null);
    });

    it('setProposalCard replaces the card reference', async () => {
      const p = await ctx.store.createProposal(proposalInput(makePlan([])));
      const card = { conversation: { conversation: { id: 'conv-9' } }, activityId: 'act-9' };
      await ctx.store.setProposalCard(p.id, card);
      assert.deepEqual((await ctx.store.getProposal(p.id))?.card, card);
    });
  });

  describe('approveProposal', () => {
    async function pending(items = userItems(3), ttl = 15 * MINUTE): Promise<Proposal> {
      return ctx.store.createProposal(proposalInput(makePlan(items), T0, ttl));
    }

    it('starts the job with all items in one step when one approval suffices', async () => {
      const p = await pending();
      const out = await ctx.store.approveProposal(p.id, alex, T0 + 1000, 1);
      assert.equal(out.outcome, 'started');
      if (out.outcome !== 'started') return;
      assert.deepEqual(
        { operation: out.job.operation, subject: out.job.subject, sites: out.job.sites, siteWide: out.job.siteWide, forced: out.job.forced, card: out.job.card },
        { operation: 'move', subject: p.plan.subject, sites: ['Berlin'], siteWide: false, forced: false, card: p.card },
        'the job is the proposal\'s plan (newJobFor)',
      );
      assert.equal(out.proposal.state, 'confirmed');
      assert.equal(out.proposal.jobId, out.job.id);
      assert.deepEqual(out.proposal.approvals, [alex]);
      assert.equal(out.job.id, '1');
      assert.equal(out.job.proposalId, p.id);
      assert.equal(out.job.state, 'queued');
      assert.equal(out.job.totalItems, 3);
      assert.equal(out.job.createdAt, T0 + 1000);
      assert.deepEqual(out.job.requestedBy, erin);
      assert.deepEqual(out.job.approvedBy, [alex]);
      assert.equal(out.job.locale, 'de-DE');
      assert.equal(out.job.startedAt, undefined);
      assert.deepEqual(await ctx.store.getJob(out.job.id), out.job);
      const items = await ctx.store.listItems(out.job.id);
      assert.deepEqual(items.map((i) => [i.seq, i.key, i.state, i.attempts]), [
        [0, 'user0@contoso.com', 'pending', 0],
        [1, 'user1@contoso.com', 'pending', 0],
        [2, 'user2@contoso.com', 'pending', 0],
      ]);
      assert.deepEqual(await ctx.store.getProposal(p.id), out.proposal);
    });

    it('waits for a second, distinct approver when two are required', async () => {
      const p = await pending();
      const first = await ctx.store.approveProposal(p.id, alex, T0, 2);
      assert.equal(first.outcome, 'awaitingSecondApprover');
      assert.deepEqual((await ctx.store.getProposal(p.id))?.approvals, [alex]);
      const again = await ctx.store.approveProposal(p.id, alex, T0, 2);
      assert.equal(again.outcome, 'alreadyApprovedByYou');
      assert.equal(await ctx.store.getJob('1'), null);
      const second = await ctx.store.approveProposal(p.id, helga, T0, 2);
      assert.equal(second.outcome, 'started');
      if (second.outcome === 'started') assert.deepEqual(second.job.approvedBy, [alex, helga]);
    });

    it('answers alreadyConfirmed with the job for later clicks and builds nothing', async () => {
      const p = await pending();
      const started = await ctx.store.approveProposal(p.id, alex, T0, 1);
      const audited = (await ctx.store.listAudit({ limit: 100 })).length;
      const late = await ctx.store.approveProposal(p.id, helga, T0, 1);
      assert.equal(late.outcome, 'alreadyConfirmed');
      assert.equal((await ctx.store.listAudit({ limit: 100 })).length, audited, 'a late click writes nothing');
      if (late.outcome === 'alreadyConfirmed' && started.outcome === 'started') assert.deepEqual(late.job, started.job);
      assert.equal((await ctx.store.listJobs(10)).length, 1);
    });

    it('writes the approval\'s audit events in the approval\'s transaction', async () => {
      const p = await pending();
      await ctx.store.approveProposal(p.id, alex, T0 + 1, 2);
      const recorded = await ctx.store.listAudit({ limit: 10 });
      assert.deepEqual(recorded.map((e) => [e.event, e.target, e.site, e.actor.id, e.details]), [['proposal.approved', p.id, 'Berlin', alex.id, { approvals: 1, required: 2 }]]);
      const out = await ctx.store.approveProposal(p.id, helga, T0 + 2, 2);
      assert.equal(out.outcome, 'started');
      if (out.outcome !== 'started') return;
      const events = (await ctx.store.listAudit({ limit: 10 })).reverse().slice(1);
      assert.deepEqual(events.map((e) => [e.event, e.target, e.site, e.actor.id, e.at, e.details]), [
        ['proposal.confirmed', p.id, 'Berlin', helga.id, T0 + 2, { jobId: out.job.id }],
        ['job.queued', out.job.id, 'Berlin', helga.id, T0 + 2, { operation: 'move', items: 3 }],
      ]);
    });

    it('refuses at and after expiresAt, accepts just before', async () => {
      const p = await pending(userItems(1), 10 * MINUTE);
      const late = await ctx.store.approveProposal(p.id, alex, p.expiresAt, 1);
      assert.equal(late.outcome, 'expired');
      assert.equal((await ctx.store.getProposal(p.id))?.state, 'pending');
      const inTime = await ctx.store.approveProposal(p.id, alex, p.expiresAt - 1, 1);
      assert.equal(inTime.outcome, 'started');
    });

    it('answers cancelled for a cancelled proposal and notFound for an unknown one', async () => {
      const p = await pending();
      await ctx.store.cancelProposal(p.id, erin, T0);
      assert.equal((await ctx.store.approveProposal(p.id, alex, T0, 1)).outcome, 'cancelled');
      assert.deepEqual(await ctx.store.approveProposal('999', alex, T0, 1), { outcome: 'notFound' });
      assert.deepEqual(await ctx.store.approveProposal('x1', alex, T0, 1), { outcome: 'notFound' });
    });

    it('writes nothing when the approval fails inside its transaction', async () => {
      const p = await pending();
      // An actor the store cannot encode makes the write fail after the proposal was read and decided on.
      const unencodable = { ...alex, name: 10n as unknown as string };
      await assert.rejects(ctx.store.approveProposal(p.id, unencodable, T0, 1), /BigInt/);
      const after = await ctx.store.getProposal(p.id);
      assert.equal(after?.state, 'pending');
      assert.deepEqual(after?.approvals, []);
      assert.deepEqual(await ctx.store.listJobs(10), []);
    });

    it('copies every plan item into the job, in plan order, for a plan larger than one insert batch', async () => {
      const items = userItems(2_501);
      const p = await pending(items);
      const out = await ctx.store.approveProposal(p.id, alex, T0, 1);
      if (out.outcome !== 'started') return assert.fail(out.outcome);
      assert.equal(out.job.totalItems, 2_501);
      const copied = await ctx.store.listItems(out.job.id);
      assert.deepEqual(copied.map((i) => [i.seq, i.key, i.label, i.site, i.fromPool, i.toPool, i.state]), items.map((it, seq) => [seq, it.key, it.label, it.site, it.fromPool, it.toPool, 'pending']));
      assert.deepEqual(await ctx.store.itemCounts(out.job.id), { pending: 2_501, running: 0, done: 0, skipped: 0, failed: 0, cancelled: 0 });
    });

    it('numbers jobs in their own sequence, apart from proposals', async () => {
      await pending();
      await pending();
      const third = await pending();
      const out = await ctx.store.approveProposal(third.id, alex, T0, 1);
      assert.equal(third.id, '3');
      assert.equal(out.outcome === 'started' && out.job.id, '1');
    });

    it('starts exactly one job for 20 concurrent confirm clicks', async () => {
      const p = await pending(userItems(50));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ctx.store.approveProposal(p.id, admin(i), T0, 1)),
      );
      assertExactlyOneStarted(outcomes, 19);
      assert.equal((await ctx.store.listJobs(10)).length, 1);
      assert.equal((await ctx.store.listItems('1')).length, 50);
    });

    it('starts exactly one job when two store handles race on one proposal', async function () {
      const other = await ctx.reopen();
      if (!other) return this.skip();
      const p = await pending(userItems(200));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other : ctx.store).approveProposal(p.id, admin(i), T0, 2)),
      );
      assert.equal(outcomes.filter((o) => o.outcome === 'awaitingSecondApprover').length, 1);
      assertExactlyOneStarted(outcomes, 18);
      assert.equal((await other.listJobs(10)).length, 1);
      assert.equal((await ctx.store.itemCounts('1')).pending, 200);
    });
  });

  describe('cancelProposal', () => {
    it('cancels a pending proposal once and records who did it', async () => {
      const p = await ctx.store.createProposal(proposalInput(makePlan(userItems(1))));
      const out = await ctx.store.cancelProposal(p.id, helga, T0);
      assert.equal(out.outcome, 'cancelled');
      if (out.outcome === 'cancelled') {
        assert.equal(out.proposal.state, 'cancelled');
        assert.deepEqual(out.proposal.cancelledBy, helga);
      }
      assert.equal((await ctx.store.cancelProposal(p.id, erin, T0)).outcome, 'alreadyCancelled');
      assert.deepEqual((await ctx.store.getProposal(p.id))?.cancelledBy, helga);
      const events = await ctx.store.listAudit({ limit: 10 });
      assert.deepEqual(events.map((e) => [e.event, e.target, e.site, e.actor.id]), [['proposal.cancelled', p.id, 'Berlin', helga.id]], 'written once, with the cancel');
    });

    it('refuses confirmed and expired proposals; notFound for unknown ids', async () => {
      const confirmed = await ctx.store.createProposal(proposalInput(makePlan(userItems(1))));
      await ctx.store.approveProposal(confirmed.id, alex, T0, 1);
      assert.equal((await ctx.store.cancelProposal(confirmed.id, erin, T0)).outcome, 'alreadyConfirmed');
      const old = await ctx.store.createProposal(proposalInput(makePlan(userItems(1)), T0, MINUTE));
      assert.equal((await ctx.store.cancelProposal(old.id, erin, T0 + MINUTE)).outcome, 'expired');
      assert.deepEqual(await ctx.store.cancelProposal('77', erin, T0), { outcome: 'notFound' });
    });
  });
}

function assertExactlyOneStarted(outcomes: ApproveOutcome[], confirmedLater: number): void {
  const started = outcomes.filter((o) => o.outcome === 'started');
  assert.equal(started.length, 1, `outcomes: ${outcomes.map((o) => o.outcome).join(',')}`);
  const later = outcomes.filter((o) => o.outcome === 'alreadyConfirmed');
  assert.equal(later.length, confirmedLater);
  for (const o of later) if (o.outcome === 'alreadyConfirmed') assert.equal(o.job?.id, started[0].outcome === 'started' ? started[0].job.id : '');
}
