// Proactive traffic to Teams outside a user's turn: editing a posted card in place and sending a
// message into a stored conversation. Every call is paced (bot/pacing.ts), retried on transient
// connector failures (bot/retry.ts) and never throws: the callers are background jobs. stop()
// ends every wait between retries at once, so a shutdown never sits out a backoff.
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { AdaptiveCard, Reply } from '../dialogs/types';
import type { Logger } from '../migration/ports';
import { cardAttachment, replyActivity, type StoredReference } from './activities';
import { errorFields } from './logger';
import type { ConversationPacer } from './pacing';
import { DEFAULT_RETRY, isRetryableSendError, isRetryableUpdateError, statusOf, withRetry, type RetryPolicy } from './retry';

/** The part of CloudAdapter proactive work needs (a fake in tests). */
export interface ContinuationAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface ProactiveOptions {
  adapter: ContinuationAdapter;
  appId: string;
  pacer: ConversationPacer;
  logger: Logger;
  /** Service URL check (the allowlist); a stored reference is re-checked before use. */
  serviceUrlAllowed: (serviceUrl: string) => boolean;
  retry?: RetryPolicy;
  random?: () => number;
}

export class ProactiveMessenger {
  private readonly retry: RetryPolicy;
  private readonly stopping = new AbortController();

  constructor(private readonly options: ProactiveOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** True once stop() was called: nothing more goes out. */
  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Ends retries and their waits at once; later calls return without sending. */
  stop(): void {
    this.stopping.abort(new Error('proactive messenger stopped'));
  }

  /** Replaces the card of a posted activity. Returns whether the update went through. */
  async updateCard(reference: StoredReference, activityId: string, card: AdaptiveCard, log: Logger = this.options.logger): Promise<boolean> {
    if (this.stopped || !this.allowed(reference, log)) return false;
    try {
      await withRetry(
        async () => {
          await this.options.pacer.acquire(conversationKey(reference), { overall: false });
          await this.continueWith(reference, (context) => context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] }));
        },
        { ...this.retry, retryable: isRetryableUpdateError, random: this.options.random, onRetry: this.onRetry(log, 'card update'), signal: this.stopping.signal },
      );
      return true;
    } catch (error) {
      if (this.stopped) log.info({ activityId }, 'card update interrupted by shutdown');
      else log.warn({ ...errorFields(error), activityId, status: statusOf(error) }, 'card update failed');
      return false;
    }
  }

  /** Posts a message into a stored conversation. Returns the new activity id, or null when it failed. */
  async send(reference: StoredReference, reply: Reply, log: Logger = this.options.logger): Promise<string | null> {
    if (this.stopped || !this.allowed(reference, log)) return null;
    try {
      let id = '';
      await withRetry(
        async () => {
          await this.options.pacer.acquire(conversationKey(reference));
          const response = await this.continueWith(reference, (context) => context.sendActivity(replyActivity(reply)));
          id = response?.id ?? '';
        },
        { ...this.retry, retryable: isRetryableSendError, random: this.options.random, onRetry: this.onRetry(log, 'proactive message'), signal: this.stopping.signal },
      );
      return id;
    } catch (error) {
      if (this.stopped) log.info({}, 'proactive message interrupted by shutdown');
      else log.warn({ ...errorFields(error), status: statusOf(error) }, 'proactive message failed');
      return null;
    }
  }

  /**
   * Runs `work` in a continuation turn and hands back its result or failure. The adapter would
   * route a failure to onTurnError and swallow it; the retry loop needs to see the status.
   */
  private async continueWith<T>(reference: StoredReference, work: (context: TurnContext) => Promise<T>): Promise<T | undefined> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.options.adapter.continueConversationAsync(this.options.appId, reference as unknown as Partial<ConversationReference>, async (context) => {
      try {
        outcome = { ok: true, value: await work(context) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (outcome && !outcome.ok) throw outcome.error;
    return outcome?.value;
  }

  private allowed(reference: StoredReference, log: Logger): boolean {
    if (this.options.serviceUrlAllowed(reference.serviceUrl)) return true;
    log.warn({ serviceUrl: reference.serviceUrl }, 'stored conversation reference has a service URL outside the allowlist');
    return false;
  }

  private onRetry(log: Logger, what: string) {
    return (error: unknown, attempt: number, delayMs: number) =>
      log.info({ status: statusOf(error), attempt, delayMs }, `${what} throttled or failed; retrying`);
  }
}

export function conversationKey(reference: StoredReference): string {
  return `${reference.channelId}:${reference.conversation.id}`;
}
