// cancelProposal: the typed twin of the Cancel button ("reject 12").
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { cancelProposal as cancel } from '../proposals';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('cancelProposal'), proposalId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    cancelProposal: typeof schema;
  }
}

export const cancelProposal: CommandSpec<'cancelProposal'> = {
  intent: 'cancelProposal',
  schema,
  order: 290,
  roles: ADMINS,
  sideEffects: 'record',
  // "should I reject 12?" shows the plan as it stands; only an order cancels it.
  asked: (command) => ({ intent: 'proposalStatus', proposalId: command.proposalId }),
  recognition: [{ priority: 510, match: (s) => (s.number && (has(s, 'reject') || (has(s, 'proposal') && has(s, 'cancel'))) ? { intent: 'cancelProposal', proposalId: s.number } : undefined) }],
  hints: { cancel: 1, reject: 0, proposal: 1 },
  menu: false,
  examples: { en: ['reject 12', 'reject proposal 12'], de: ['ablehnen 12', 'verwerfen 12'] },
  async handle(ctx, command) {
    const answer = await cancel(ctx, command.proposalId);
    return [answer.card ? { card: answer.card } : { text: answer.text ?? '' }];
  },
};
