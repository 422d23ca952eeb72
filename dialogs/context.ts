// What a command handler gets for one turn: the ports, the caller, the reply language and its
// texts, and an audit helper that never lets a failed audit write break the turn.
import type { AuditEventName } from '../migration/audit-events';
import type { ArgumentSchemaOf, Command, CommandOf, Intent } from './contract';
import type { Actor, AuditEvent, PlannedStart } from '../migration/model';
import type { Planner } from '../migration/planner';
import { DEFAULT_PILOT_GROUP, type Role } from '../migration/topology';
import { texts, type Texts } from './i18n';
import type { CheckRule, RecognitionSpec } from './recognizer/rules';
import type { ConversationDeps, Language, MessageTurn, Reply } from './types';

export interface TurnContext {
  deps: ConversationDeps;
  planner: Planner;
  actor: Actor;
  lang: Language;
  t: Texts;
  /** The command registry (help and the menu are generated from it). */
  commands: readonly CommandSpec[];
  turn: Pick<MessageTurn, 'conversationRef' | 'correlationId' | 'locale'> & {
    /** The text as received and the recogniser's likeliest intents (for did-you-mean answers). */
    text?: string;
    suggestions?: Intent[];
    /** The caller's time zone (Teams localTimezone, else DEFAULT_TIME_ZONE, else UTC), for times shown to them. */
    timeZone?: string;
    /** Start time and pace the message asked for (placed in the admin's time zone). */
    schedule?: PlannedStart;
    /** The question to ask instead of acting when the message's start time is unclear or past. */
    unclearStart?: { text: string; problem: string };
  };
  audit(event: AuditEventName, outcome: AuditEvent['outcome'], extra?: { site?: string; target?: string; details?: Record<string, unknown> }): Promise<void>;
}

export function turnContext(
  deps: ConversationDeps,
  planner: Planner,
  commands: readonly CommandSpec[],
  actor: Actor,
  lang: Language,
  turn: TurnContext['turn'],
): TurnContext {
  return {
    deps,
    planner,
    commands,
    actor,
    lang,
    t: texts(lang),
    turn,
    async audit(event, outcome, extra = {}) {
      try {
        await deps.store.appendAudit({ at: deps.clock.now(), actor: { id: actor.id, name: actor.name, role: actor.role }, event, outcome, ...extra });
      } catch (e) {
        deps.logger.warn({ err: String(e), event, correlationId: turn.correlationId }, 'audit write failed');
      }
    },
  };
}

/**
 * A command file's declarative spec: the registry finds it in dialogs/commands/ and builds
 * routing, recognition (rules, hints, timing), help, the manifest menu and the command contract
 * from it.
 */
export interface CommandSpec<I extends Intent = Intent> extends RecognitionSpec {
  intent: I;
  /**
   * Its arguments: a zod object whose `intent` is `z.literal(intent)`, with `...commandExtras`
   * (dialogs/contract.ts). The spec's file adds it to the contract's `CommandSchemas`.
   */
  schema: ArgumentSchemaOf<I>;
  /** Its place in help, the Teams command menu and among equally strong did-you-mean hints (ascending; one spec per number). */
  order: number;
  /** Roles that may run it. */
  roles: readonly Role[];
  /**
   * What running it changes: `false` nothing; 'record' a job, proposal or record at once;
   * 'plan' the deployment, always through a confirmed proposal (these are the "mutating" commands
   * the recognizer's safety rules guard).
   */
  sideEffects: false | 'record' | 'plan';
  /** Shown in help and the Teams command menu. */
  menu: boolean;
  /** Phrasings that must recognise as this intent (checked by a test), English and German. */
  examples: { en: string[]; de: string[] };
  asked?(command: CommandOf<I>): Command | undefined;
  checks?: readonly CheckRule<CommandOf<I>>[];
  handle(ctx: TurnContext, command: CommandOf<I>): Promise<Reply[]>;
}

export const ALL_ROLES: readonly Role[] = ['admin', 'helpdesk', 'user'];
export const STAFF: readonly Role[] = ['admin', 'helpdesk'];
export const ADMINS: readonly Role[] = ['admin'];

/** The pilot group's name (PILOT_GROUP), which texts suggesting its move name. */
export function pilotGroupOf(ctx: Pick<TurnContext, 'deps'>): string {
  return ctx.deps.settings.pilotGroup ?? DEFAULT_PILOT_GROUP;
}

/** Sites as the reader's language names them ("München"), for cards and sentences; data keeps the site's own name. */
export function siteNames(ctx: Pick<TurnContext, 'deps' | 'lang'>): (name: string) => string {
  return (name) => ctx.deps.topology.localName(name, ctx.lang);
}

export function say(text: string): Reply[] {
  return [{ text }];
}

export type { Command };
