// unknown: a short helpful answer with a did-you-mean: the three likeliest commands the caller may use.
import { z } from 'zod';
import { ALL_ROLES, type CommandSpec } from '../context';
import { escapeMarkdown } from '../escape';
import { ofIntent, statusOf } from '../recognizer/intents';
import { commandExtras } from '../contract';

const SHOWN_TEXT = 80;

const schema = z.object({ intent: z.literal('unknown'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    unknown: typeof schema;
  }
}

export const unknown: CommandSpec<'unknown'> = {
  intent: 'unknown',
  schema,
  order: 320,
  roles: ALL_ROLES,
  sideEffects: false,
  // A status question about a group: a group has no status of its own.
  recognition: [{ priority: 1013, match: (s) => ofIntent(statusOf(s), 'unknown') }],
  menu: false,
  examples: { en: ['tell me a joke'], de: ['erzähl mir einen Witz'] },
  async handle(ctx, command) {
    const allowed = ctx.commands.filter((c) => c.menu && c.roles.includes(ctx.actor.role));
    const suggested = (ctx.turn.suggestions ?? []).map((i) => allowed.find((c) => c.intent === i)).filter((c) => c !== undefined);
    const picks = [...new Set([...suggested, ...allowed])].slice(0, 3);
    const typed = (ctx.turn.text ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    // Echoed as plain characters: the caller's markdown must not come back as formatting or a live link.
    const shown = escapeMarkdown(typed.length > SHOWN_TEXT ? `${typed.slice(0, SHOWN_TEXT)}…` : typed);
    const lines = picks.map((c) => `- ${ctx.t.command[c.intent].title}`);
    // Words the safety rules would not guess from ("tonight", "Enterprise VoIP") are named back.
    const words = (command.unresolved ?? []).map((w) => ctx.t.unknown.quoted(escapeMarkdown(w))).join(', ');
    const intro = words ? ctx.t.unknown.unplaced(shown, words) : ctx.t.unknown.notUnderstood(shown);
    return [{ text: `${intro}\n\n${ctx.t.unknown.didYouMean}\n${lines.join('\n')}` }];
  },
};
