// Greetings and thanks said on their own ("hi", "Servus!", "danke schön"): small talk the bot
// answers in kind. A greeting or thanks in front of an order ("hello, move Berlin") stays filler
// and the order is read as usual; small talk never carries a command.
import type { Command } from '../contract';
import { foldKey } from './normalise';
import type { Slots } from './subjects';

const fold = (list: string): Set<string> => new Set(list.split(',').map((w) => w.trim().split(/[\s\-']+/).map(foldKey).join(' ')));

const GREETINGS = fold('hi, hey, hello, hallo, hiya, howdy, yo, servus, moin, tach, grüß gott, grüezi, good morning, good afternoon, good evening, guten morgen, guten tag, guten abend');
const THANKS = fold('thanks, thank you, thank you very much, thanks a lot, many thanks, thx, ty, cheers, danke, danke schön, dankeschön, vielen dank, besten dank, merci');
/** Words that may stand beside a greeting without making it more than one ("hi bot", "ok thanks"). */
const BESIDE = fold('ok, okay, lyncops, lync ops, bot, you, very, much, so, a, lot, dir, euch, ihnen, sehr, auch, und, and, too, all, alle, everyone');

/** "who are you?": answered like a greeting, with the welcome that says who the bot is and what it does. */
const INTRODUCTIONS = fold('who are you, what are you, who is lyncops, what is lyncops, wer bist du, was bist du, wer sind sie, was sind sie, wer ist lyncops, was ist lyncops');

/** Small talk when the text is nothing but greetings or thanks (and a few words around them). */
export function smalltalk(s: Slots): Command | undefined {
  const words = s.tokens.filter((t) => t.kind !== 'qmark');
  if (!words.length || words.length > 6) return undefined;
  if (INTRODUCTIONS.has(words.map((t) => t.key).join(' '))) return { intent: 'smalltalk', kind: 'greeting' };
  let greeting = false;
  let thanks = false;
  for (const t of words) {
    if (t.kind !== 'word') return undefined;
    if (THANKS.has(t.key)) thanks = true;
    else if (GREETINGS.has(t.key)) greeting = true;
    else if (!BESIDE.has(t.key)) return undefined;
  }
  if (thanks) return { intent: 'smalltalk', kind: 'thanks' };
  return greeting ? { intent: 'smalltalk', kind: 'greeting' } : undefined;
}
