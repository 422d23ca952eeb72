// The command contract (ARCHITECTURE.md "A turn, as data"): what the recognizer produces from chat
// text and what `lyncops parse` prints. Optional fields (force, unresolved) appear only when they
// carry meaning. The commands that change the deployment are the domain's (migration/commands.ts).
import { z } from 'zod';
import { CoexistenceTestCommandSchema, DecommissionCommandSchema, JobId, MoveCommandSchema, RollbackCommandSchema, SiteName, SipAddress } from '../migration/commands';
import { MANUAL_STEPS } from '../migration/runbook/ledger';

/** Small talk the bot answers in kind: a greeting gets the welcome, thanks a short reply. */
export const SMALLTALK_KINDS = ['greeting', 'thanks'] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

export const FAQ_TOPICS = ['meetings', 'client', 'whatChanges', 'whenMoved', 'rollback'] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];

/** Fields every command may carry: the words the recognizer could not place. */
export const commandExtras = {
  unresolved: z.array(z.string()).optional(),
};
const extras = commandExtras;

const readings = [
  z.object({ intent: z.literal('help'), ...extras }),
  z.object({ intent: z.literal('listSites'), ...extras }),
  z.object({ intent: z.literal('siteStatus'), site: SiteName, ...extras }),
  z.object({ intent: z.literal('poolStatus'), pool: z.string().min(3).max(255), ...extras }),
  z.object({ intent: z.literal('userStatus'), user: SipAddress, ...extras }),
  z.object({ intent: z.literal('myStatus'), ...extras }),
  MoveCommandSchema.extend(extras),
  RollbackCommandSchema.extend(extras),
  CoexistenceTestCommandSchema.extend(extras),
  DecommissionCommandSchema.extend(extras),
  z.object({ intent: z.literal('listJobs'), ...extras }),
  z.object({ intent: z.literal('jobStatus'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('cancelJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('retryJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('pauseJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('resumeJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('confirmProposal'), proposalId: JobId, ...extras }),
  z.object({ intent: z.literal('cancelProposal'), proposalId: JobId, ...extras }),
  z.object({ intent: z.literal('history'), site: SiteName.optional(), ...extras }),
  z.object({ intent: z.literal('faq'), topic: z.enum(FAQ_TOPICS), ...extras }),
  z.object({ intent: z.literal('usersLeft'), site: SiteName.optional(), page: z.number().int().min(1).max(100_000).optional(), ...extras }),
  z.object({ intent: z.literal('listFailures'), jobId: JobId.optional(), ...extras }),
  z.object({ intent: z.literal('runbook'), site: SiteName.optional(), ...extras }),
  z.object({ intent: z.literal('markStep'), site: SiteName, step: z.enum(MANUAL_STEPS), done: z.boolean(), comment: z.string().max(500).optional(), ...extras }),
  z.object({ intent: z.literal('signOffPilot'), site: SiteName, ...extras }),
  z.object({ intent: z.literal('reportProblem'), text: z.string().min(1).max(1000), ...extras }),
  z.object({ intent: z.literal('listProblems'), site: SiteName.optional(), ...extras }),
  z.object({ intent: z.literal('resolveProblem'), problemId: JobId, ...extras }),
  z.object({ intent: z.literal('smalltalk'), kind: z.enum(SMALLTALK_KINDS), ...extras }),
  z.object({ intent: z.literal('dashboard'), ...extras }),
  z.object({ intent: z.literal('unknown'), ...extras }),
] as const;

/** A command that can be one reading of an ambiguous text (anything but another clarify). */
export const ReadingSchema = z.discriminatedUnion('intent', [...readings]);
export type Reading = z.infer<typeof ReadingSchema>;
export const MAX_READINGS = 4;

export const CommandSchema = z.discriminatedUnion('intent', [
  ...readings,
  /** Two or more readings are plausible: the bot asks, offering each. */
  z.object({ intent: z.literal('clarify'), choices: z.array(ReadingSchema).min(2).max(MAX_READINGS), ...extras }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type Intent = Command['intent'];
export type CommandOf<I extends Intent> = Extract<Command, { intent: I }>;

export const INTENTS = CommandSchema.options.map((o) => o.shape.intent.value) as Intent[];
