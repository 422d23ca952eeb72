// The real TeamsBot over the in-process world (SQLite store, simulator, static directory, job
// runner, conversation) behind botbuilder's TestAdapter. A recording subclass keeps what the bot
// sends and every in-place card update, so a test reads one turn's output as plain activities.
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import { TestAdapter } from 'botbuilder';
import { StoreStorage, UserPreferences, WelcomedConversations } from '../../../bot/storage';
import { TeamsBot } from '../../../bot/teams-bot';
import type { Job } from '../../../migration/model';
import { silentLogger } from '../../../migration/ports';
import { makeWorld, type World, type WorldOptions } from '../world';

/** How long a test waits for the runner to finish a job before failing. */
const FINISH_TIMEOUT_MS = 15_000;

/** A TestAdapter that also records updateActivity calls (Action.Submit edits the clicked card). */
export class RecordingTestAdapter extends TestAdapter {
  readonly updates: Array<Partial<Activity>> = [];

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export interface TurnHarness {
  world: World;
  adapter: RecordingTestAdapter;
  bot: TeamsBot;
  /** Runs one turn and returns everything the bot sent during it (replies, invokeResponse). */
  turn(activity: Partial<Activity>): Promise<Array<Partial<Activity>>>;
  /** Runs turns at the same time (double clicks) and returns everything they sent. */
  turns(...activities: Array<Partial<Activity>>): Promise<Array<Partial<Activity>>>;
  /** Resolves when the runner has reported job `jobId` finished `times` times (a retried job finishes again). */
  finished(jobId: string, times?: number): Promise<Job>;
  close(): Promise<void>;
}

export async function makeTurnHarness(options: WorldOptions & { invokeDeadlineMs?: number } = {}): Promise<TurnHarness> {
  const world = await makeWorld(options);
  const bot = new TeamsBot({
    conversation: world.conversation,
    directory: world.directory,
    store: world.store,
    logger: silentLogger,
    authEnabled: false,
    serviceUrlAllowed: () => true,
    preferences: new UserPreferences(new StoreStorage(world.store)),
    welcomed: new WelcomedConversations(new StoreStorage(world.store)),
    invokeDeadlineMs: options.invokeDeadlineMs ?? 5_000,
  });
  const adapter = new RecordingTestAdapter((context) => bot.run(context));
  return {
    world,
    adapter,
    bot,
    async turn(activity) {
      await adapter.send(activity);
      return adapter.activeQueue.splice(0);
    },
    async turns(...activities) {
      await Promise.all(activities.map((a) => adapter.send(a)));
      return adapter.activeQueue.splice(0);
    },
    async finished(jobId, times = 1) {
      const deadline = performance.now() + FINISH_TIMEOUT_MS;
      for (;;) {
        const runs = world.observer.finishedCalls.filter((f) => f.job.id === jobId);
        if (runs.length >= times) return runs[times - 1].job;
        if (performance.now() > deadline) throw new Error(`job ${jobId} did not finish ${times} time(s) within ${FINISH_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () => world.close(),
  };
}
