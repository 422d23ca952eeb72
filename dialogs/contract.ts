// The command contract (ARCHITECTURE.md "A turn, as data"): what the recognizer produces from chat
// text and what `lyncops parse` prints. It is derived from the command specs, not listed here:
// each spec in dialogs/commands/ declares its argument schema (`schema`, a zod object whose
// `intent` is its intent) and adds it to `CommandSchemas` by module augmentation
//
//   declare module '../contract' { interface CommandSchemas { poolStatus: typeof schema } }
//
// so `Command`, `Intent` and `CommandOf` know every command without this module importing any spec
// (no import cycle). The runtime schemas (CommandSchema, ReadingSchema) and INTENTS are composed
// by the registry from the same specs (dialogs/registry.ts). Optional fields (force, unresolved)
// appear only when they carry meaning. The commands that change the deployment are the domain's
// (migration/commands.ts); their specs use those schemas.
import { z } from 'zod';

/** The argument schema (a zod object) of every command that can be one reading of a text, by intent, filled in by the specs. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by module augmentation
export interface CommandSchemas {}

/**
 * The commands made of other commands (clarify: its readings), filled in by their specs: the
 * schema is a function from the schema of one reading (any command of `CommandSchemas`) to the
 * command's zod object.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by module augmentation
export interface CompositeCommandSchemas {}

type ArgumentsOf<S> = S extends z.ZodType ? z.infer<S> : S extends (reading: never) => infer R ? (R extends z.ZodType ? z.infer<R> : never) : never;

/** A command that can be one reading of an ambiguous text: every command not made of readings. */
export type Reading = { [I in keyof CommandSchemas]: ArgumentsOf<CommandSchemas[I]> }[keyof CommandSchemas];
type Composite = { [I in keyof CompositeCommandSchemas]: ArgumentsOf<CompositeCommandSchemas[I]> }[keyof CompositeCommandSchemas];
export type Command = Reading | Composite;
export type Intent = Command['intent'];
export type CommandOf<I extends Intent> = Extract<Command, { intent: I }>;
/** The schema a spec of `intent` declares. */
export type ArgumentSchemaOf<I extends Intent> = I extends keyof CommandSchemas ? CommandSchemas[I] : I extends keyof CompositeCommandSchemas ? CompositeCommandSchemas[I] : never;
/** A spec's schema at run time: its zod object, or (made of readings) a function of the reading schema. */
export type ArgumentSchema = z.ZodObject | ((reading: z.ZodType<Reading>) => z.ZodObject);

/** Fields every command may carry: the words the recognizer could not place. */
export const commandExtras = {
  unresolved: z.array(z.string()).optional(),
  /** A schedulable command asked to run in the maintenance window ("… during the maintenance window"). */
  inWindow: z.literal(true).optional(),
};

/** At most this many readings of one text are offered. */
export const MAX_READINGS = 4;

/** Small talk the bot answers in kind: a greeting gets the welcome, thanks a short reply. */
export const SMALLTALK_KINDS = ['greeting', 'thanks'] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

export const FAQ_TOPICS = ['meetings', 'contacts', 'client', 'whatChanges', 'whenMoved', 'rollback'] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];
