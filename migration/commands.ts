// The command contract (DESIGN.md): what the recognizer produces from chat text and what
// `lyncops parse` prints. Optional fields (force, unresolved) appear only when they carry meaning.
import { z } from 'zod';

export const SiteName = z.string().min(1);
export const SipAddress = z.string().min(3); // lower-case, without "sip:"
export const JobId = z.string().regex(/^\d{1,12}$/);

export const SubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: SipAddress }),
  z.object({ kind: z.literal('group'), group: z.string().min(1) }),
  z.object({ kind: z.literal('site'), site: SiteName }),
  z.object({ kind: z.literal('conferenceDirectories'), site: SiteName }),
  z.object({ kind: z.literal('applications'), site: SiteName }),
]);
export type Subject = z.infer<typeof SubjectSchema>;

const extras = {
  unresolved: z.array(z.string()).optional(),
};
const mutating = {
  dryRun: z.boolean(),
  force: z.literal(true).optional(),
};

export const CommandSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('help'), ...extras }),
  z.object({ intent: z.literal('listSites'), ...extras }),
  z.object({ intent: z.literal('siteStatus'), site: SiteName, ...extras }),
  z.object({ intent: z.literal('userStatus'), user: SipAddress, ...extras }),
  z.object({ intent: z.literal('myStatus'), ...extras }),
  z.object({ intent: z.literal('move'), subject: SubjectSchema, target: z.literal('lync2013'), ...mutating, ...extras }),
  z.object({ intent: z.literal('rollback'), subject: SubjectSchema, ...mutating, ...extras }),
  z.object({ intent: z.literal('coexistenceTest'), site: SiteName, ...extras }),
  z.object({ intent: z.literal('decommission'), site: SiteName, ...mutating, ...extras }),
  z.object({ intent: z.literal('listJobs'), ...extras }),
  z.object({ intent: z.literal('jobStatus'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('cancelJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('retryJob'), jobId: JobId, ...extras }),
  z.object({ intent: z.literal('confirmProposal'), proposalId: JobId, ...extras }),
  z.object({ intent: z.literal('cancelProposal'), proposalId: JobId, ...extras }),
  z.object({ intent: z.literal('history'), site: SiteName.optional(), ...extras }),
  z.object({ intent: z.literal('unknown'), ...extras }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type Intent = Command['intent'];
export type CommandOf<I extends Intent> = Extract<Command, { intent: I }>;

export const INTENTS = CommandSchema.options.map((o) => o.shape.intent.value) as Intent[];

/** Intents whose handlers change the deployment (they always go through a proposal). */
export const MUTATING_INTENTS: ReadonlySet<Intent> = new Set(['move', 'rollback', 'coexistenceTest', 'decommission']);
