// What the recognizer answers, and the clock it reads start times against.
import type { Command, Intent } from '../contract';
import type { Language } from './suggest';
import type { WhenReading } from './when';

export interface Recognition {
  /** Always passes CommandSchema.parse. */
  command: Command;
  /** Only when the wording clearly says so (German words -> 'de'). */
  language?: Language;
  /** Up to 3 most likely intents (for did-you-mean on unknown). */
  suggestions: Intent[];
  /** A start time in the text of a move, rollback, decommission or coexistence test (placed, or why not). */
  when?: WhenReading;
  /** The pace phrase as typed ("in waves of 200 an hour"), when the command carries `rate`. */
  rateWords?: string;
  /** The order the text gives once its start time is clear (`command` is then `unknown`). */
  pending?: Command;
}

/** Where "tonight" is: the instant of the message and the admin's time zone. */
export interface TimeReference {
  now: number;
  timeZone: string;
}
