// The recognizer: chat text (English or German) -> one Command of the contract in
// migration/commands.ts, with the wording's language and did-you-mean intents. Pipeline:
// clean and tokenise (normalise), give tokens meaning (annotate: lexicon + catalog), read the
// slots (subjects), apply the intent rules (intents). Per-catalog tables are compiled once.
import { z } from 'zod';
import { CommandSchema, type Command, type Intent } from '../../migration/commands';
import { annotate } from './annotate';
import { compileCatalog, type NameCatalog } from './catalog';
import { decide } from './intents';
import { cleanText, MAX_INPUT_CHARS, tokenise } from './normalise';
import { guard } from './safety';
import { readSlots } from './subjects';
import { detectLanguage, suggestIntents, type Language } from './suggest';

export { catalogFromTopology, type NameCatalog } from './catalog';
export { suggestNames } from './fuzzy';

export interface Recognition {
  /** Always passes CommandSchema.parse. */
  command: Command;
  /** Only when the wording clearly says so (German words -> 'de'). */
  language?: Language;
  /** Up to 3 most likely intents (for did-you-mean on unknown). */
  suggestions: Intent[];
}

const ChatText = z.string().max(MAX_INPUT_CHARS);
/** More words than any command needs: a pasted paragraph, not an instruction. */
const MAX_TOKENS = 60;
const UNKNOWN: Recognition = { command: { intent: 'unknown' }, suggestions: ['help'] };

export function recognize(text: string, catalog: NameCatalog): Recognition {
  const input = ChatText.safeParse(text);
  if (!input.success) return { command: { intent: 'unknown' }, suggestions: [...UNKNOWN.suggestions] };
  const compiled = compileCatalog(catalog);
  const raw = tokenise(cleanText(input.data), MAX_TOKENS);
  const tokens = raw.length <= MAX_TOKENS ? annotate(raw, catalog) : [];
  if (!tokens.length) return { command: { intent: 'unknown' }, suggestions: [...UNKNOWN.suggestions] };
  const slots = readSlots(tokens, compiled.sipDomain);
  const decided = guard(decide(slots), slots, compiled);
  // The rules only build contract shapes; a value the schema still rejects (an over-long id,
  // an empty name) is no command at all.
  const command: Command = CommandSchema.safeParse(decided).success ? decided : { intent: 'unknown' };
  const language = detectLanguage(tokens);
  const recognition: Recognition = { command, suggestions: suggestIntents(tokens, command) };
  if (language) recognition.language = language;
  return recognition;
}
