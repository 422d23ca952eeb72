// userStatus: admins and the helpdesk look up anyone; a user may only ask about themselves.
import { z } from 'zod';
import { normaliseSip } from '../../migration/topology';
import { userStatusCard } from '../cards/status';
import { ALL_ROLES, type CommandSpec } from '../context';
import { escapeMarkdown } from '../escape';
import { userView } from '../user-view';
import { has } from '../recognizer/subjects';
import { ofIntent, statusOf, UNKNOWN, unknownWith } from '../recognizer/intents';
import { SipAddress } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('userStatus'), user: SipAddress, ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    userStatus: typeof schema;
  }
}

export const userStatus: CommandSpec<'userStatus'> = {
  intent: 'userStatus',
  schema,
  order: 60,
  roles: ALL_ROLES,
  sideEffects: false,
  recognition: [{ priority: 1010, match: (s) => ofIntent(statusOf(s), 'userStatus') }],
  checks: [
    // "is the User Replicator done?": a server role next to "user" is not a user name.
    { priority: 300, check: (command, s) => (has(s, 'infra') && command.unresolved?.length ? UNKNOWN : command) },
    // "Status von Benutzer frank": no address is made from a free word; the word is named back
    // instead of answering about frank@<domain>, who may not exist.
    {
      priority: 310,
      check: (command) => {
        const free = (command.unresolved ?? []).filter((u) => !u.includes('@'));
        return free.length ? unknownWith(free) : command;
      },
    },
  ],
  hints: { status: 2, user: 0, moved: 0, where: 0, userName: 0 },
  menu: true,
  examples: { en: ['is alice@contoso.com migrated?', 'where is bob@contoso.com homed?'], de: ['ist bob@contoso.com schon migriert?', 'wo liegt carol@contoso.com?'] },
  async handle(ctx, command) {
    const sip = normaliseSip(command.user);
    const self = !!ctx.actor.sip && normaliseSip(ctx.actor.sip) === sip;
    if (ctx.actor.role === 'user' && !self) {
      await ctx.audit('command.refused', 'refused', { target: sip, details: { intent: 'userStatus' } });
      return [{ text: ctx.t.access.onlyYourself }];
    }
    // Staff looking up someone else is recorded: who asked about whom, and when.
    if (!self) await ctx.audit('user.lookup', 'info', { target: sip, details: { role: ctx.actor.role } });
    const view = await userView(ctx, sip);
    if (!view) return [{ text: ctx.t.userStatus.userUnknown(escapeMarkdown(command.user)) }];
    return [{ card: userStatusCard(view, self, ctx.lang) }];
  },
};
