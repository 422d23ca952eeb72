// smalltalk: "hi" gets the welcome for the caller's role, "thanks" a short friendly answer.
// Never a command, never "Sorry, I did not understand".
import { z } from 'zod';
import { ALL_ROLES, type CommandSpec } from '../context';
import { welcomeText } from '../welcome';
import { smalltalk as smalltalkRule } from '../recognizer/smalltalk';
import { SMALLTALK_KINDS, commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('smalltalk'), kind: z.enum(SMALLTALK_KINDS), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    smalltalk: typeof schema;
  }
}

export const smalltalk: CommandSpec<'smalltalk'> = {
  intent: 'smalltalk',
  schema,
  order: 310,
  roles: ALL_ROLES,
  sideEffects: false,
  // Greetings and thanks said on their own, before any order is read.
  recognition: [{ priority: 200, match: smalltalkRule }],
  menu: false,
  examples: { en: ['hi', 'hello', 'thanks', 'thank you'], de: ['hallo', 'servus', 'danke', 'vielen Dank'] },
  async handle(ctx, command) {
    return [{ text: command.kind === 'thanks' ? ctx.t.welcome.thanks : await welcomeText(ctx) }];
  },
};
