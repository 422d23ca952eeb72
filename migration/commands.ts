// The command contract (ARCHITECTURE.md "A turn, as data"): what the recognizer produces from chat text and what
// `lyncops parse` prints. Optional fields (force, unresolved) appear only when they carry meaning.
import { z } from 'zod';
import { MANUAL_STEPS } from './runbook/ledger';

export const SiteName = z.string().min(1);
export const SipAddress = z.string().min(3); // lower-case, without "sip:"
export const JobId = z.string().regex(/^\d{1,12}$/);

const singleSubjects = [
  z.object({ kind: z.literal('user'), user: SipAddress }),
  z.object({ kind: z.literal('group'), group: z.string().min(1) }),
  z.object({ kind: z.literal('site'), site: SiteName }),
  z.object({ kind: z.literal('conferenceDirectories'), site: SiteName }),
  z.object({ kind: z.literal('applications'), site: SiteName }),
  z.object({ kind: z.literal('responseGroups'), site: SiteName }),
  z.object({ kind: z.literal('dialInNumbers'), site: SiteName }),
  z.object({ kind: z.literal('exUmContacts'), site: SiteName }),
] as const;
/** One thing a move names; a `list` subject holds several of these ("erin and carol"). */
export const SingleSubjectSchema = z.discriminatedUnion('kind', [...singleSubjects]);
export type SingleSubject = z.infer<typeof SingleSubjectSchema>;
export const MAX_LIST_SUBJECTS = 10;

export const SubjectSchema = z.discriminatedUnion('kind', [
  ...singleSubjects,
  z.object({ kind: z.literal('list'), items: z.array(SingleSubjectSchema).min(2).max(MAX_LIST_SUBJECTS) }),
]);
export type Subject = z.infer<typeof SubjectSchema>;

/** Small talk the bot answers in kind: a greeting gets the welcome, thanks a short reply. */
export const SMALLTALK_KINDS = ['greeting', 'thanks'] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

export const FAQ_TOPICS = ['meetings', 'client', 'whatChanges', 'whenMoved', 'rollback'] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];

const extras = {
  unresolved: z.array(z.string()).optional(),
};
/** Local date-time the admin asked for ("tonight at 22:00" -> "2026-12-12T22:00"), in their time zone. */
export const StartAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
/** Pacing: at most `users` moves started per `perMinutes` ("in waves of 200 an hour"). */
export const RateSchema = z.object({ users: z.number().int().min(1).max(1_000_000), perMinutes: z.number().int().min(1).max(1440) });
export type Rate = z.infer<typeof RateSchema>;

const mutating = {
  dryRun: z.boolean(),
  force: z.literal(true).optional(),
  startAt: StartAt.optional(),
};
const paced = { rate: RateSchema.optional() };

const readings = [
  z.object({ intent: z.literal('help'), ...extras }),
  z.object({ intent: z.literal('listSites'), ...extras }),
  z.object({ intent: z.literal('siteStatus'), site: SiteName, ...extras }),
  z.object({ intent: z.literal('poolStatus'), pool: z.string().min(3).max(255), ...extras }),
  z.object({ intent: z.literal('userStatus'), user: SipAddress, ...extras }),
  z.object({ intent: z.literal('myStatus'), ...extras }),
  z.object({ intent: z.literal('move'), subject: SubjectSchema, target: z.literal('lync2013'), ...mutating, ...paced, ...extras }),
  z.object({ intent: z.literal('rollback'), subject: SubjectSchema, ...mutating, ...paced, ...extras }),
  z.object({ intent: z.literal('coexistenceTest'), site: SiteName, startAt: StartAt.optional(), ...extras }),
  z.object({ intent: z.literal('decommission'), site: SiteName, ...mutating, ...extras }),
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
