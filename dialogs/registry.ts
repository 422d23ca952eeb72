// The command registry: every command spec exported by a module of dialogs/commands/ (found there
// by dialogs/command-modules.ts, no list to keep), in the specs' own `order`. The single source for
// routing, recognition, help, the Teams command menu and the runtime schemas of the command
// contract (dialogs/contract.ts derives its types from the same specs).
import { z } from 'zod';
import { loadCommandModules, type CommandModule } from './command-modules';
import type { CommandSpec } from './context';
import type { ArgumentSchema, Command, Intent, Reading } from './contract';

/** An exported value is a command spec when it has an intent, a handler and an argument schema. */
export function isCommandSpec(value: unknown): value is CommandSpec {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof CommandSpec, unknown>>;
  return typeof v.intent === 'string' && typeof v.handle === 'function' && v.schema !== undefined;
}

export interface Registry {
  /** The specs in their `order`. */
  specs: readonly CommandSpec[];
  /** A command that can be one reading of an ambiguous text (every command not made of readings). */
  ReadingSchema: z.ZodType<Reading>;
  CommandSchema: z.ZodType<Command>;
  intents: readonly Intent[];
}

const literalIntent = (schema: z.ZodObject): unknown => {
  const intent = schema.shape.intent;
  return intent instanceof z.ZodLiteral ? intent.value : undefined;
};

/**
 * The registry of the specs the modules export. Two specs with one intent or one order, or a
 * schema that is no zod object with the spec's own intent literal, stop the start.
 */
export function registryOf(modules: readonly CommandModule[]): Registry {
  const found = modules.flatMap((m) => Object.entries(m.exports).flatMap(([name, value]) => (isCommandSpec(value) ? [{ spec: value, where: `${m.file} (${name})` }] : [])));
  const byIntent = new Map<string, string>();
  const byOrder = new Map<number, string>();
  for (const { spec, where } of found) {
    const other = byIntent.get(spec.intent);
    if (other) throw new Error(`command specs ${other} and ${where} both have the intent ${spec.intent}`);
    byIntent.set(spec.intent, where);
    if (!Number.isFinite(spec.order)) throw new Error(`command spec ${where} has no order`);
    const sameOrder = byOrder.get(spec.order);
    if (sameOrder) throw new Error(`command specs ${sameOrder} and ${where} both have the order ${spec.order}`);
    byOrder.set(spec.order, where);
  }
  const specs = found.map((f) => f.spec).sort((a, b) => a.order - b.order);
  const where = (spec: CommandSpec) => byIntent.get(spec.intent);
  const schemaOf = (spec: CommandSpec) => spec.schema as ArgumentSchema;
  const objectOf = (spec: CommandSpec, schema: unknown): z.ZodObject => {
    if (!(schema instanceof z.ZodObject)) throw new Error(`command spec ${where(spec)}: its schema is no zod object`);
    const intent = literalIntent(schema);
    if (intent !== spec.intent) throw new Error(`command spec ${where(spec)} has the intent ${spec.intent} but its schema the intent ${String(intent)}`);
    return schema;
  };
  const readings = specs.filter((s) => typeof schemaOf(s) !== 'function').map((s) => objectOf(s, schemaOf(s)));
  const union = (objects: z.ZodObject[]) => z.discriminatedUnion('intent', objects as [z.ZodObject, ...z.ZodObject[]]);
  const ReadingSchema = union(readings) as unknown as z.ZodType<Reading>;
  const objects = specs.map((s) => {
    const schema = schemaOf(s);
    return objectOf(s, typeof schema === 'function' ? schema(ReadingSchema) : schema);
  });
  return { specs, ReadingSchema, CommandSchema: union(objects) as unknown as z.ZodType<Command>, intents: specs.map((s) => s.intent) };
}

const registry = registryOf(loadCommandModules());

export const REGISTRY: readonly CommandSpec[] = registry.specs;
export const { ReadingSchema, CommandSchema } = registry;
export const INTENTS: readonly Intent[] = registry.intents;

const byIntent = new Map<Intent, CommandSpec>(REGISTRY.map((c) => [c.intent, c]));

export function commandFor(intent: Intent): CommandSpec {
  const spec = byIntent.get(intent);
  if (!spec) throw new Error(`no command registered for intent ${intent}`);
  return spec;
}

