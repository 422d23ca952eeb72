// The vocabulary commands share (sites, SIP addresses, job and proposal ids, subjects, start times,
// pace) and the commands the domain acts on: move, rollback, coexistence test and decommission,
// which the planner turns into plans (ARCHITECTURE.md "A turn, as data"). The chat's whole command
// contract is composed in dialogs/ from the command specs; migration/ never imports dialogs/.
import { z } from 'zod';

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

export const MoveCommandSchema = z.object({ intent: z.literal('move'), subject: SubjectSchema, target: z.literal('lync2013'), ...mutating, ...paced });
export const RollbackCommandSchema = z.object({ intent: z.literal('rollback'), subject: SubjectSchema, ...mutating, ...paced });
export const CoexistenceTestCommandSchema = z.object({ intent: z.literal('coexistenceTest'), site: SiteName, startAt: StartAt.optional() });
export const DecommissionCommandSchema = z.object({ intent: z.literal('decommission'), site: SiteName, ...mutating });

/** A command that changes the deployment: the planner makes a plan of it, a confirmed plan becomes a job. */
export type MutatingCommand =
  | z.infer<typeof MoveCommandSchema>
  | z.infer<typeof RollbackCommandSchema>
  | z.infer<typeof CoexistenceTestCommandSchema>
  | z.infer<typeof DecommissionCommandSchema>;
export type MutatingCommandOf<I extends MutatingCommand['intent']> = Extract<MutatingCommand, { intent: I }>;
