// smalltalk: "hi" gets the welcome for the caller's role, "thanks" a short friendly answer.
// Never a command, never "Sorry, I did not understand".
import { ALL_ROLES, type CommandSpec } from '../context';
import { welcomeText } from '../welcome';
import { smalltalk as smalltalkRule } from '../recognizer/smalltalk';

export const smalltalk: CommandSpec<'smalltalk'> = {
  intent: 'smalltalk',
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
