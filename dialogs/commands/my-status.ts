// myStatus: anyone asks about themselves and gets an answer about themselves only.
import { z } from 'zod';
import { userStatusCard } from '../cards/status';
import { ALL_ROLES, type CommandSpec } from '../context';
import { userView } from '../user-view';
import { asksAboutSelf, hasSubject } from '../recognizer/intents';
import { has } from '../recognizer/subjects';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('myStatus'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    myStatus: typeof schema;
  }
}

export const myStatus: CommandSpec<'myStatus'> = {
  intent: 'myStatus',
  schema,
  order: 50,
  roles: ALL_ROLES,
  sideEffects: false,
  recognition: [
    // "how do I know whether I was migrated" is about the caller, not about using the bot (before help).
    { priority: 595, match: (s) => (has(s, 'help') && !hasSubject(s) && has(s, 'me') && has(s, 'moved', 'where') ? { intent: 'myStatus' } : undefined) },
    { priority: 1000, match: (s) => (asksAboutSelf(s) ? { intent: 'myStatus' } : undefined) },
  ],
  hints: { status: 3, moved: 1, lync: 1, pool: 1, me: 0, where: 1 },
  menu: true,
  examples: { en: ['have I been migrated?', 'am I on Lync 2013 yet?'], de: ['bin ich schon migriert?', 'wurde ich schon umgestellt?'] },
  async handle(ctx) {
    const sip = ctx.actor.sip ?? ctx.deps.topology.usersByAadId.get(ctx.actor.id.toLowerCase())?.sip;
    const view = sip ? await userView(ctx, sip) : null;
    if (!view) return [{ text: ctx.t.userStatus.notInTopology }];
    return [{ card: userStatusCard(view, true, ctx.lang) }];
  },
};
