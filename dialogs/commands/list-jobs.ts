// listJobs: running and recent jobs with their counters.
import { z } from 'zod';
import { FINISHED_JOB_STATES } from '../../migration/model';
import { jobListCard } from '../cards/job';
import { windowPause } from '../schedule';
import { siteNames, STAFF, type CommandSpec } from '../context';
import { asksWhatRuns, jobsWithoutId, UNKNOWN } from '../recognizer/intents';
import { commandExtras } from '../contract';

const schema = z.object({ intent: z.literal('listJobs'), ...commandExtras });
declare module '../contract' {
  interface CommandSchemas {
    listJobs: typeof schema;
  }
}

export const listJobs: CommandSpec<'listJobs'> = {
  intent: 'listJobs',
  schema,
  order: 110,
  roles: STAFF,
  sideEffects: false,
  recognition: [
    { priority: 570, match: (s) => (jobsWithoutId(s) === 'list' || (!jobsWithoutId(s) && asksWhatRuns(s)) ? { intent: 'listJobs' } : undefined) },
    // "cancel the job" without an id is no list of jobs: nothing, but only after help had its say.
    { priority: 650, match: (s) => (jobsWithoutId(s) === 'veto' ? UNKNOWN : undefined) },
  ],
  hints: { list: 1, job: 0, running: 0 },
  menu: true,
  examples: { en: ['list jobs', 'show running jobs'], de: ['Aufträge anzeigen', 'welche Jobs laufen?'] },
  async handle(ctx) {
    const jobs = await ctx.deps.store.listJobs(10);
    const schedules = new Map((await ctx.deps.store.listSchedules(jobs.map((j) => j.id))).map((s) => [s.jobId, s]));
    const now = ctx.deps.clock.now();
    const rows = await Promise.all(
      jobs.map(async (job) => {
        const counts = await ctx.deps.store.itemCounts(job.id);
        const waiting = !FINISHED_JOB_STATES.has(job.state) && job.state !== 'cancelling' && counts.pending > 0 && !job.forced;
        const pause = waiting ? windowPause(ctx.deps.settings.maintenanceWindows, job.sites, now) : undefined;
        return { job, counts, schedule: schedules.get(job.id), ...(pause ? { pause } : {}) };
      }),
    );
    return [{ card: jobListCard(rows, ctx.lang, siteNames(ctx)) }];
  },
};
