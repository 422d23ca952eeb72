// Card button data as it arrives: validated with the schema of dialogs/actions/schema.ts, a
// clarify pick against the registry's schema of a reading (the same commands typed text may be).
import { ReadingSchema } from '../registry';
import { actionDataSchema, type ActionData } from './schema';

export const ActionDataSchema = actionDataSchema(ReadingSchema);

/** Parses raw action data; `verb` may come separately (Action.Execute puts it beside data). */
export function parseActionData(data: unknown, verb?: string): ActionData | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const candidate = verb ? { ...(data as Record<string, unknown>), verb } : data;
  const parsed = ActionDataSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
