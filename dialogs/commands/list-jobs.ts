// listJobs: running and recent jobs with their counters.
import { jobListCard } from '../cards/job';
import { STAFF, type CommandSpec } from '../context';

export const listJobs: CommandSpec<'listJobs'> = {
  intent: 'listJobs',
  roles: STAFF,
  sideEffects: false,
  menu: true,
  examples: { en: ['list jobs', 'show running jobs'], de: ['Aufträge anzeigen', 'welche Jobs laufen?'] },
  async handle(ctx) {
    const jobs = await ctx.deps.store.listJobs(10);
    const schedules = new Map((await ctx.deps.store.listSchedules(jobs.map((j) => j.id))).map((s) => [s.jobId, s]));
    const rows = await Promise.all(jobs.map(async (job) => ({ job, counts: await ctx.deps.store.itemCounts(job.id), schedule: schedules.get(job.id) })));
    return [{ card: jobListCard(rows, ctx.lang) }];
  },
};
