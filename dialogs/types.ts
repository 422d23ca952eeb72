// The seam between bot/ (Bot Framework) and the conversation logic: dialogs receive plain
// turn data and return plain replies (text and Adaptive Card JSON); they never see botbuilder.
import type { InventoryCache } from '../migration/inventory-cache';
import type { Actor, CardRef, Job, JobItem } from '../migration/model';
import type { Clock, Directory, LyncBackend, Logger, Store } from '../migration/ports';
import type { MaintenanceWindows } from '../migration/schedule/windows';
import type { TopologyIndex } from '../migration/topology';
import type { MigrationPolicy } from '../migration/runbook/policy';

export type Language = 'en' | 'de';

/** Adaptive Card JSON (version 1.5); builders in dialogs/cards produce it, typed element by element. */
export type { AdaptiveCard } from './cards/adaptive';
import type { AdaptiveCard } from './cards/adaptive';

export interface Reply {
  text?: string;
  card?: AdaptiveCard;
  /** The posted activity holds the card of this proposal or job: bot/ records its id for in-place updates. */
  track?: { kind: 'proposal' | 'job'; id: string };
}

export interface MessageTurn {
  /** Text with @mentions already removed. */
  text: string;
  /** Activity locale (Teams sends it; the local playground always says en-US). */
  locale?: string;
  /** The caller, resolved through the Directory port (role included). */
  actor: Actor;
  conversationId: string;
  /** Serialised conversation reference of this turn, kept on proposals and jobs for card updates. */
  conversationRef: Record<string, unknown>;
  correlationId: string;
  /** The sender's IANA time zone (Teams activity `localTimezone`), for "tonight at 22:00". */
  timeZone?: string;
}

export interface CardActionTurn extends Omit<MessageTurn, 'text'> {
  /** The raw `data` of Action.Execute (`value.action.data`) or Action.Submit (`value`); validated inside. */
  data: unknown;
  /** Action.Execute verb, when the action came as an invoke. */
  verb?: string;
  /** 'automatic' for a card refresh, 'manual' for a click. */
  trigger?: 'automatic' | 'manual';
  /** Id of the activity that holds the card (for in-place updates). */
  replyToId?: string;
}

export interface CardActionResult {
  /** The card that replaces the clicked one (Action.Execute response / updateActivity). */
  card?: AdaptiveCard;
  /** Extra messages to post (e.g. a typed-command twin answered in a new message). */
  replies?: Reply[];
  /** The replacement card belongs to this proposal or job: bot/ records the clicked activity for in-place updates. */
  track?: Reply['track'];
  /**
   * Where the card of the clicked proposal or job was posted, as recorded when the bot posted it:
   * the only activity a click may update (the client's replyToId is merely a claim).
   */
  recorded?: CardRef;
}

export interface DialogSettings {
  proposalTtlMs: number;
  requireSecondApprover: boolean;
  /** With requireSecondApprover: plans with more items than this need a second admin (default 25). */
  secondApproverMinUsers?: number;
  /** AAD object ids of admins, for per-user card refresh (at most 60 are used). */
  adminUserIds: string[];
  /** Display name of the pilot group (PILOT_GROUP: "pilot: yes/no" on status cards, "accept the pilot", "move pilot group", the suggested pilot move); default DEFAULT_PILOT_GROUP. */
  pilotGroup?: string;
  /** Coexistence result age and pilot duration limits (COEXISTENCE_MAX_AGE_HOURS, PILOT_MIN_DAYS). */
  policy?: MigrationPolicy;
  /** Time zone of "tonight" when the activity does not say (DEFAULT_TIME_ZONE); UTC when unset. */
  defaultTimeZone?: string;
  /** Moves in flight per target pool (JOB_CONCURRENCY), for the expected end of a paced job. */
  jobConcurrency?: number;
  /** Per-site maintenance windows (MAINTENANCE_WINDOWS): jobs work there only inside them unless forced. */
  maintenanceWindows?: MaintenanceWindows;
}

export interface ConversationDeps {
  store: Store;
  backend: LyncBackend;
  directory: Directory;
  topology: TopologyIndex;
  /** Wakes the job runner when a job was queued or requeued. */
  runner: { wake(): void };
  clock: Clock;
  logger: Logger;
  settings: DialogSettings;
  /**
   * Sends a user a personal notice outside their turn (the proactive path of move notices);
   * resolves false when the user cannot be reached.
   */
  notifyUser?(userKey: string, reply: Reply): Promise<boolean>;
  /** The inventory status and runbook turns read (INVENTORY_TTL_SECONDS); absent: they read the backend. */
  inventory?: InventoryCache;
  /** Signs a short-lived, single-use dashboard link for the caller (absent: no dashboard on this bot). */
  dashboardLink?(actor: Actor, language: Language): Promise<{ url: string; ttlMs: number }>;
}

export interface Conversation {
  onMessage(turn: MessageTurn): Promise<Reply[]>;
  onCardAction(turn: CardActionTurn): Promise<CardActionResult>;
  /** The welcome when the bot is installed or added to a team: short, in the locale's language, fitting the caller's role. */
  welcome(turn: Omit<MessageTurn, 'text' | 'timeZone'>): Promise<Reply[]>;
  /** The current card of a job (progress while running, the summary when finished). */
  jobCard(jobId: string, language: Language): Promise<AdaptiveCard | null>;
  /** A short personal notice for a user who was moved or rolled back by a job. */
  moveNotice(job: Job, item: Pick<JobItem, 'key' | 'toPool'>, language: Language): Reply;
  /** Reply language: the language the text is written in, else the activity locale, else English. */
  languageOf(text: string, locale?: string): Language;
}
