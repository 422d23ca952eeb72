// Runs one command for one caller: the role check, the audit of mutating requests and the
// handler. Typed text and a clicked clarification reading both come through here, so a reading
// picked on a card is exactly as safe as the same words typed.
import type { Command } from './contract';
import type { TurnContext } from './context';
import { commandFor } from './registry';
import type { Reply } from './types';

export async function runCommand(ctx: TurnContext, command: Command): Promise<Reply[]> {
  const spec = commandFor(command.intent);
  if (!spec.roles.includes(ctx.actor.role)) {
    await ctx.audit('command.refused', 'refused', { details: { intent: command.intent } });
    return [{ text: spec.sideEffects || !spec.roles.includes('helpdesk') ? ctx.t.access.notAllowed : ctx.t.access.notAllowedRead }];
  }
  if (spec.sideEffects) {
    await ctx.audit('command.received', 'info', { details: { intent: command.intent } });
    const unclear = ctx.turn.unclearStart;
    if (unclear) {
      await ctx.audit('command.timeUnclear', 'refused', { details: { intent: command.intent, problem: unclear.problem } });
      return [{ text: unclear.text }];
    }
  }
  return spec.handle(ctx, command as never);
}
