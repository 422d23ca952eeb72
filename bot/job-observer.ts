// Turns job runner events into Teams traffic: the job's card is edited in place as items finish
// (throttled per job, the final state always rendered) and moved users may get a personal notice.
// Nothing here blocks or fails the runner: work is queued, failures are logged. Card updates a
// shutdown cuts short are listed in the store (PendingCardUpdates) and sent by the next start.
import { languageFromLocale } from '../dialogs/i18n';
import type { Conversation, Language } from '../dialogs/types';
import type { CardRef, ItemCounts, Job, JobItem } from '../migration/model';
import type { JobObserver, Logger } from '../migration/ports';
import type { ConversationRefs, JobLedger, ProposalStore } from '../migration/store';
import type { TopologyIndex } from '../migration/topology';
import { parseStoredReference, type StoredReference } from './activities';
import { errorFields, jobLogger } from './logger';
import type { ProactiveMessenger } from './proactive';
import type { PendingCardUpdates } from './storage';

export interface BotJobObserverOptions {
  store: Pick<JobLedger, 'getJob'> & Pick<ProposalStore, 'getProposal'> & Pick<ConversationRefs, 'getConversationRef'>;
  conversation: Pick<Conversation, 'jobCard' | 'moveNotice'>;
  messenger: Pick<ProactiveMessenger, 'updateCard' | 'send' | 'stop'>;
  topology: TopologyIndex;
  logger: Logger;
  cardUpdateIntervalMs: number;
  notifyMovedUsers: boolean;
  /** The language a user last wrote in (UserState), for notices. */
  languageOf?: (channelId: string, userId: string) => Promise<Language | undefined>;
  /** Durable list of cards still to be updated; without it, cut-short updates are lost on shutdown. */
  pending?: Pick<PendingCardUpdates, 'add' | 'remove' | 'list'>;
  /** Durable list of move notices still to be sent; without it, notices cut short by a shutdown are lost. */
  pendingNotices?: Pick<PendingCardUpdates, 'add' | 'remove' | 'list'>;
}

/** What a move notice needs of its item; also what the pending list keeps of it. */
type Moved = Pick<JobItem, 'key' | 'toPool'>;
const noticeEntry = (jobId: string, item: Moved): string => `${jobId} ${item.key} ${item.toPool}`;
function parseNoticeEntry(entry: string): { jobId: string; item: Moved } | undefined {
  const [jobId, key, toPool] = entry.split(' ');
  return jobId && key && toPool ? { jobId, item: { key, toPool } } : undefined;
}

interface JobCardState {
  lastRenderAt: number;
  /** Newest job snapshot not yet rendered. */
  latest?: Job;
  timer?: NodeJS.Timeout;
  rendering?: Promise<void>;
  finished: boolean;
  target?: { reference: StoredReference; activityId: string };
}

export class BotJobObserver implements JobObserver {
  private readonly cards = new Map<string, JobCardState>();
  private readonly background = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: BotJobObserverOptions) {}

  async progress(job: Job, _counts: ItemCounts): Promise<void> {
    if (this.stopped) return this.listPending([job.id]);
    const state = this.stateOf(job.id);
    if (state.finished) return;
    state.latest = job;
    this.schedule(state);
  }

  async finished(job: Job, _counts: ItemCounts): Promise<void> {
    const state = this.stateOf(job.id);
    state.finished = true;
    state.latest = undefined;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    const previous = state.rendering ?? Promise.resolve();
    // The final card waits for an edit in flight, so it is the last one Teams sees. It is listed
    // as pending first: a stop (or a crash) before Teams has it leaves it to the next start.
    this.track(
      previous
        .then(() => this.listPending([job.id]))
        .then(() => this.render(job, state))
        .then(async (delivered) => {
          if (delivered || !this.stopped) await this.unlistPending([job.id]);
        })
        .finally(() => this.cards.delete(job.id)),
    );
  }

  async userMoved(job: Job, item: JobItem): Promise<void> {
    if (!this.options.notifyMovedUsers || item.kind !== 'user' || item.state !== 'done') return;
    // A user moved while shutting down (an item in flight finishing) is told by the next start.
    this.track(this.notify(job, item, { deferOnly: this.stopped }));
  }

  /** Resolves when every queued card edit and notice has been attempted; throttled edits render at once. */
  async idle(): Promise<void> {
    while (this.background.size || [...this.cards.values()].some((s) => s.timer || s.rendering)) {
      await Promise.allSettled([...this.background, ...[...this.cards.values()].map((s) => s.rendering)]);
      if (!this.background.size && [...this.cards.values()].some((s) => s.timer)) {
        for (const state of this.cards.values()) this.flushTimer(state);
      }
    }
  }

  /**
   * Shutdown: nothing more is sent, retries stop waiting, and every card whose update was throttled
   * or cut short is listed for the next start (a final card is listed before its first try). An
   * edit still on the wire is not waited for: the card it carries is listed and sent again.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.messenger.stop();
    const behind: string[] = [];
    for (const [jobId, state] of this.cards) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      // A finished job stays in the map until its final card went out.
      if (state.finished || state.latest || state.rendering) behind.push(jobId);
      state.latest = undefined;
    }
    if (behind.length) await this.listPending(behind);
  }

  /**
   * Start-up: brings the cards listed as pending (by an earlier stop, a crash or another replica)
   * up to date, from the jobs' state in the store.
   */
  async resume(): Promise<number> {
    const jobIds = (await this.options.pending?.list()) ?? [];
    let sent = 0;
    for (const jobId of jobIds) {
      if (this.stopped) break;
      const job = await this.options.store.getJob(jobId);
      if (!job) {
        await this.unlistPending([jobId]);
        continue;
      }
      const state = this.stateOf(job.id);
      const delivered = await this.render(job, state);
      if (!state.finished) this.cards.delete(job.id);
      if (delivered || !this.stopped) await this.unlistPending([jobId]);
      if (delivered) sent++;
    }
    if (sent) this.options.logger.info({ cards: sent }, 'card updates left by the last shutdown sent');
    await this.resumeNotices();
    return sent;
  }

  private stateOf(jobId: string): JobCardState {
    let state = this.cards.get(jobId);
    if (!state) {
      state = { lastRenderAt: -Infinity, finished: false };
      this.cards.set(jobId, state);
    }
    return state;
  }

  private schedule(state: JobCardState): void {
    if (this.stopped || state.rendering || state.timer || !state.latest) return;
    const wait = state.lastRenderAt + this.options.cardUpdateIntervalMs - Date.now();
    if (wait <= 0) this.renderLatest(state);
    else state.timer = setTimeout(() => this.flushTimer(state), wait);
  }

  private flushTimer(state: JobCardState): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    this.renderLatest(state);
  }

  private renderLatest(state: JobCardState): void {
    const job = state.latest;
    if (!job || state.finished) return;
    state.latest = undefined;
    state.lastRenderAt = Date.now();
    state.rendering = this.render(job, state).then(
      () => undefined,
      () => undefined,
    );
    void state.rendering.then(() => {
      state.rendering = undefined;
      if (!state.finished) this.schedule(state);
    });
    this.track(state.rendering);
  }

  /** Edits the job's posted card; false when the edit did not reach Teams (and could, later). */
  private async render(job: Job, state: JobCardState): Promise<boolean> {
    const log = jobLogger(this.options.logger, job.id);
    try {
      state.target ??= await this.cardTarget(job);
      if (!state.target) {
        log.debug({}, 'job has no posted card to update');
        return true;
      }
      const card = await this.options.conversation.jobCard(job.id, languageFromLocale(job.locale));
      if (!card) return true;
      return await this.options.messenger.updateCard(state.target.reference, state.target.activityId, card, log);
    } catch (error) {
      log.warn(errorFields(error), 'job card could not be rendered');
      return false;
    }
  }

  private async listPending(jobIds: string[]): Promise<void> {
    try {
      await this.options.pending?.add(jobIds);
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error), jobIds }, 'pending card updates could not be recorded');
    }
  }

  private async unlistPending(jobIds: string[]): Promise<void> {
    try {
      await this.options.pending?.remove(jobIds);
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error), jobIds }, 'pending card updates could not be cleared');
    }
  }

  /** The posted card of the job, else the proposal's card it grew out of. */
  private async cardTarget(job: Job): Promise<JobCardState['target']> {
    const candidates: Array<() => Promise<CardRef | undefined>> = [
      async () => job.card,
      async () => (await this.options.store.getJob(job.id))?.card,
      async () => (await this.options.store.getProposal(job.proposalId))?.card,
    ];
    for (const candidate of candidates) {
      const card = await candidate();
      const reference = card ? parseStoredReference(card.conversation) : null;
      if (card?.activityId && reference) return { reference, activityId: card.activityId };
    }
    return undefined;
  }

  /** Sends the notices a shutdown left behind (listed by this or another replica), from the store's jobs. */
  private async resumeNotices(): Promise<void> {
    const entries = (await this.options.pendingNotices?.list()) ?? [];
    let sent = 0;
    for (const entry of entries) {
      if (this.stopped) break;
      const parsed = parseNoticeEntry(entry);
      const job = parsed ? await this.options.store.getJob(parsed.jobId) : null;
      if (!parsed || !job) {
        await this.unlistNotice(entry);
        continue;
      }
      if ((await this.notify(job, parsed.item, { listed: true })) === 'sent') sent++;
    }
    if (sent) this.options.logger.info({ notices: sent }, 'move notices left by the last shutdown sent');
  }

  /**
   * One personal notice. It is listed in the store before the first try and unlisted once Teams
   * has it or the user cannot be reached; a shutdown in between leaves it for the next start.
   */
  private async notify(job: Job, item: Moved, how: { deferOnly?: boolean; listed?: boolean } = {}): Promise<'sent' | 'unreachable' | 'left'> {
    const log = jobLogger(this.options.logger, job.id);
    const entry = noticeEntry(job.id, item);
    try {
      const user = this.options.topology.user(item.key);
      const reference = user ? parseStoredReference(await this.options.store.getConversationRef(user.aadObjectId)) : null;
      if (!user || !reference) {
        if (how.listed) await this.unlistNotice(entry);
        return 'unreachable';
      }
      if (!how.listed) await this.options.pendingNotices?.add([entry]);
      if (how.deferOnly) return 'left';
      const remembered = reference.user ? await this.options.languageOf?.(reference.channelId, reference.user.id) : undefined;
      const reply = this.options.conversation.moveNotice(job, item, remembered ?? languageFromLocale(job.locale));
      const sent = await this.options.messenger.send(reference, reply, log);
      if (sent === null) {
        // Cut short by a shutdown: the next start sends it. Refused for good: not tried again.
        if (!this.stopped) await this.unlistNotice(entry);
        return 'left';
      }
      log.info({ user: item.key }, 'move notice sent');
      await this.unlistNotice(entry);
      return 'sent';
    } catch (error) {
      log.warn({ ...errorFields(error), user: item.key }, 'move notice not sent');
      return 'left';
    }
  }

  private async unlistNotice(entry: string): Promise<void> {
    try {
      await this.options.pendingNotices?.remove([entry]);
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error), entry }, 'pending move notice could not be cleared');
    }
  }

  private track(promise: Promise<unknown>): void {
    const guarded = promise.then(
      () => undefined,
      () => undefined,
    );
    this.background.add(guarded);
    void guarded.finally(() => this.background.delete(guarded));
  }
}
