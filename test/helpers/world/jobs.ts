// A job queued the way an admin's confirmation queues it, without the chat: plan, proposal by Alex,
// approval, and (unless told not to) a wake-up for the world's runner.
import { strict as assert } from 'node:assert';
import type { Job, Plan } from '../../../migration/model';
import { ALEX, type World } from './index';

/** What the planner plans: the mutating commands. */
export type MutatingCommand = Parameters<World['planner']['plan']>[0];

export async function queueJob(w: World, command: MutatingCommand, options: { wake?: boolean } = {}): Promise<{ job: Job; plan: Plan }> {
  const plan = await w.planner.plan(command);
  assert.equal(plan.blocked, false, `plan blocked: ${JSON.stringify(plan.gates.filter((g) => !g.passed))}`);
  const now = Date.now();
  const proposal = await w.store.createProposal({ plan, requestedBy: ALEX, createdAt: now, expiresAt: now + 60_000, locale: 'en' });
  const outcome = await w.store.approveProposal(proposal.id, ALEX, now, 1);
  assert.equal(outcome.outcome, 'started');
  if (options.wake ?? true) w.runner.wake();
  return { job: (outcome as { job: Job }).job, plan };
}

/** Polls `probe` every 10 ms until it holds; fails naming `what` after `ms`. */
export async function until(what: string, probe: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
