// confirmProposal: the typed twin of the Confirm button ("confirm 12").
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { confirmProposal as confirm } from '../proposals';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('confirmProposal'), proposalId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    confirmProposal: typeof schema;
  }
}

export const confirmProposal: CommandSpec<'confirmProposal'> = {
  intent: 'confirmProposal',
  schema,
  order: 280,
  roles: ADMINS,
  sideEffects: 'record',
  // "can I confirm 12?", "soll ich 12 bestätigen?" show the plan as it stands; only an order confirms.
  asked: (command) => ({ intent: 'proposalStatus', proposalId: command.proposalId }),
  recognition: [{ priority: 500, match: (s) => (s.number && has(s, 'confirm') ? { intent: 'confirmProposal', proposalId: s.number } : undefined) }],
  hints: { confirm: 0, proposal: 0 },
  menu: false,
  examples: { en: ['confirm 12', 'confirm proposal 12'], de: ['bestätige 12'] },
  async handle(ctx, command) {
    const answer = await confirm(ctx, command.proposalId);
    return [answer.card ? { card: answer.card } : { text: answer.text ?? '' }];
  },
};
