// usersLeft: who is still on a site's OCS pool (names, a page at a time, with why a site move
// would leave some behind), or per-site counts when no site is named.
import { z } from 'zod';
import { STAFF, type CommandSpec } from '../context';
import { usersLeftAsked } from '../recognizer/questions';
import { usersLeftReply } from '../users-left-reply';
import { SiteName } from '../../migration/commands';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('usersLeft'), site: SiteName.optional(), page: z.number().int().min(1).max(100_000).optional(), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    usersLeft: typeof schema;
  }
}

export const usersLeft: CommandSpec<'usersLeft'> = {
  intent: 'usersLeft',
  schema,
  order: 180,
  roles: STAFF,
  sideEffects: false,
  recognition: [{ priority: 420, match: usersLeftAsked }],
  menu: true,
  examples: {
    en: ['who is left on the old pool in Berlin?', 'who is still on OCS?'],
    de: ['wer ist in Berlin noch auf dem alten Pool?', 'wer ist noch auf OCS?'],
  },
  handle: (ctx, command) => usersLeftReply(ctx, command.site, command.page),
};
