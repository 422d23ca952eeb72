// proposalStatus: a plan waiting for confirmation as it stands, changing nothing ("show proposal
// 12", "Vorschlag 12 anzeigen"); also what a question about confirming or rejecting one gets
// ("can I confirm 12?", "soll ich 12 bestätigen?"), never the confirmation itself.
import { z } from 'zod';
import { ADMINS, type CommandSpec } from '../context';
import { showProposal } from '../proposals';
import { has } from '../recognizer/subjects';
import { JobId } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('proposalStatus'), proposalId: JobId, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    proposalStatus: typeof schema;
  }
}

export const proposalStatus: CommandSpec<'proposalStatus'> = {
  intent: 'proposalStatus',
  schema,
  order: 285,
  roles: ADMINS,
  sideEffects: false,
  // After the typed Confirm (500) and Cancel (510) twins, which name their verb.
  recognition: [
    {
      priority: 515,
      match: (s) => (s.number && has(s, 'proposal') && !has(s, 'confirm', 'reject', 'cancel') ? { intent: 'proposalStatus', proposalId: s.number } : undefined),
    },
  ],
  hints: { proposal: 0 },
  menu: false,
  examples: { en: ['show proposal 12', 'status of proposal 12'], de: ['Vorschlag 12 anzeigen'] },
  async handle(ctx, command) {
    const answer = await showProposal(ctx, command.proposalId);
    return [answer.card ? { card: answer.card } : { text: answer.text ?? '' }];
  },
};
