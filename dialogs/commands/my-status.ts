// myStatus: anyone asks about themselves and gets an answer about themselves only.
import { userStatusCard } from '../cards/status';
import { ALL_ROLES, type CommandSpec } from '../context';
import { userView } from '../user-view';

export const myStatus: CommandSpec<'myStatus'> = {
  intent: 'myStatus',
  roles: ALL_ROLES,
  sideEffects: false,
  menu: true,
  examples: { en: ['have I been migrated?', 'am I on Lync 2013 yet?'], de: ['bin ich schon migriert?', 'wurde ich schon umgestellt?'] },
  async handle(ctx) {
    const sip = ctx.actor.sip ?? ctx.deps.topology.usersByAadId.get(ctx.actor.id.toLowerCase())?.sip;
    const view = sip ? await userView(ctx, sip) : null;
    if (!view) return [{ text: ctx.t.text.notInTopology }];
    return [{ card: userStatusCard(view, true, ctx.lang) }];
  },
};
