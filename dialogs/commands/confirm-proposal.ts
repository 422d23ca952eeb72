// confirmProposal: the typed twin of the Confirm button ("confirm 12").
import { ADMINS, type CommandSpec } from '../context';
import { confirmProposal as confirm } from '../proposals';

export const confirmProposal: CommandSpec<'confirmProposal'> = {
  intent: 'confirmProposal',
  roles: ADMINS,
  sideEffects: true,
  menu: false,
  examples: { en: ['confirm 12', 'confirm proposal 12'], de: ['bestätige 12'] },
  async handle(ctx, command) {
    const answer = await confirm(ctx, command.proposalId);
    return [answer.card ? { card: answer.card } : { text: answer.text ?? '' }];
  },
};
