// The Bot Framework activity handler: turns Teams activities into dialog turns (messages, card
// clicks) and dialog replies back into activities. It owns the botbuilder details the dialogs never
// see: mentions, caller resolution, conversation references, invoke responses, card tracking.
import type { AuditEventName } from '../migration/audit-events';
import { ActivityHandler, TurnContext, type InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { MAX_INPUT_CHARS } from '../dialogs';
import type { CardActionResult, CardActionTurn, Conversation, Language, Reply } from '../dialogs/types';
import type { CardRef } from '../migration/model';
import type { Directory, Logger } from '../migration/ports';
import type { AuditLog, ConversationRefs, JobLedger, ProposalStore } from '../migration/store';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment, parseStoredReference, replyActivity, serialiseReference } from './activities';
import { errorFields, turnLogger } from './logger';
import type { ProactiveMessenger } from './proactive';
import type { UserPreferences, WelcomedConversations } from './storage';
import { hostText } from './texts';
import { CallerTurnLimit } from './turn-limit';
import { referenceKey, resolveCaller, stripMentions, tenantOf, turnAuthenticated, turnRefusal } from './turn';

export interface TeamsBotOptions {
  conversation: Conversation;
  directory: Directory;
  store: Pick<ConversationRefs, 'saveConversationRef'> & Pick<ProposalStore, 'setProposalCard'> & Pick<JobLedger, 'setJobCard'>;
  logger: Logger;
  authEnabled: boolean;
  /** With authentication on, the tenants served (lower case); requests from others are refused politely. */
  allowedTenantIds?: readonly string[];
  /** Where refusals of the host (foreign tenant or channel, rate limit) are audited. */
  audit?: Pick<AuditLog, 'appendAudit'>;
  /** Chat turns one caller may take per minute (0 or absent: no limit). */
  turnsPerMinute?: number;
  serviceUrlAllowed: (serviceUrl: string) => boolean;
  preferences?: Pick<UserPreferences, 'rememberLanguage'>;
  /** Conversations already welcomed (no second welcome when Teams announces an install twice). */
  welcomed?: Pick<WelcomedConversations, 'claim' | 'forget'>;
  /** Applies a card action result that arrived after the invoke was answered. */
  messenger?: Pick<ProactiveMessenger, 'updateCard'>;
  /** How long an Action.Execute invoke may wait for the dialogs before answering "still working". */
  invokeDeadlineMs?: number;
}

const InvokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().max(200).optional(),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(['automatic', 'manual']).optional(),
});
const SubmitValueSchema = z.record(z.string(), z.unknown());
/** Teams sends the sender's IANA zone as `localTimezone`; anything else is ignored. */
const LocalTimeZoneSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/);
const localTimeZone = (activity: { localTimezone?: unknown }): { timeZone?: string } => {
  const parsed = LocalTimeZoneSchema.safeParse(activity.localTimezone);
  return parsed.success ? { timeZone: parsed.data } : {};
};

const invokeCard = (card: unknown): InvokeResponse => ({ status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card } });
const invokeMessage = (text: string): InvokeResponse => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } });
const invokeBadRequest = (message: string): InvokeResponse => ({
  status: 400,
  body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
});

/**
 * The activity a click may update: the one the bot recorded for that proposal or job, and only
 * when the click came from it (same activity, same conversation). The client's replyToId alone
 * never selects a message to overwrite.
 */
export function recordedActivity(recorded: CardRef | undefined, replyToId: string | undefined, conversationId: string | undefined): string | undefined {
  if (!recorded?.activityId || !replyToId || recorded.activityId !== replyToId) return undefined;
  const conversation = (recorded.conversation as { conversation?: { id?: unknown } } | undefined)?.conversation;
  return conversation?.id === conversationId ? recorded.activityId : undefined;
}

const TIMED_OUT = Symbol('timed out');
const REFERENCE = Symbol('serialised conversation reference');

/** Card activities this process posted, remembered for clicks on cards of no proposal or job. */
const POSTED_REMEMBERED = 10_000;

export class TeamsBot extends ActivityHandler {
  private readonly turnLimit: CallerTurnLimit;
  /** `<conversation id> <activity id>` of cards this process posted (oldest forgotten first). */
  private readonly posted = new Set<string>();

  constructor(private readonly options: TeamsBotOptions) {
    super();
    this.turnLimit = new CallerTurnLimit(options.turnsPerMinute ?? 0);
    this.onTurn(async (context, next) => {
      await this.recordReference(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Installed in personal scope or added to a team / group chat: Teams sends installationUpdate
    // and conversationUpdate (membersAdded with the bot) for the same event; one welcome goes out.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added: unknown = context.activity.membersAdded;
      if (botId && Array.isArray(added) && added.some((m: unknown) => (m as { id?: unknown } | null)?.id === botId)) await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const conversationId = context.activity.conversation?.id;
      if (conversationId) await this.options.welcomed?.forget(conversationId).catch((error: unknown) => this.options.logger.warn(errorFields(error), 'welcome mark not removed'));
      await next();
    });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    const { log, correlationId } = turnLogger(this.options.logger, activity.id);
    const caller = await resolveCaller(this.options.directory, activity.from, log, this.options.authEnabled);
    if (!caller.ok) {
      log.warn({ conversationId }, 'no welcome: the directory did not answer');
      return;
    }
    if (this.options.welcomed && !(await this.options.welcomed.claim(conversationId, Date.now()))) {
      log.info({ conversationId }, 'already welcomed');
      return;
    }
    const conversationRef = this.reference(context);
    const replies = await this.options.conversation.welcome({ locale: activity.locale, actor: caller.actor, conversationId, conversationRef, correlationId });
    try {
      await this.sendReplies(context, replies, conversationRef, log);
    } catch (error) {
      // Not delivered: the next announcement of the install may try again.
      await this.options.welcomed?.forget(conversationId).catch(() => undefined);
      throw error;
    }
  }

  /** Authenticated requests from another channel or a tenant not on the allow-list get a polite refusal and nothing else. */
  override async run(context: TurnContext): Promise<void> {
    const refusal = turnRefusal(context.activity, this.options.authEnabled, this.options.allowedTenantIds ?? []);
    if (!refusal) return super.run(context);
    const activity = context.activity;
    const language = this.options.conversation.languageOf('', activity.locale);
    this.options.logger.warn({ correlationId: activity.id, refusal, channelId: activity.channelId, tenant: tenantOf(activity) }, 'request from outside the served tenants refused');
    await this.auditHost('request.refused', { reason: refusal, channelId: String(activity.channelId ?? '').slice(0, 50), tenant: tenantOf(activity)?.slice(0, 60) }, activity.from);
    if (activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: invokeMessage(hostText('notServed', language)) });
    } else if (activity.type === 'message') {
      await context.sendActivity(hostText('notServed', language));
    }
  }

  private async auditHost(event: AuditEventName, details: Record<string, unknown>, from: unknown): Promise<void> {
    const caller = from as { aadObjectId?: unknown } | undefined;
    const id = typeof caller?.aadObjectId === 'string' ? caller.aadObjectId.slice(0, 100) : 'unknown';
    try {
      await this.options.audit?.appendAudit({ at: Date.now(), actor: { id, name: 'unknown', role: 'user' }, event, outcome: 'refused', details });
    } catch (error) {
      this.options.logger.warn(errorFields(error), 'audit write failed');
    }
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // Only Universal Actions are ours; anything else (message extensions, task modules) is refused plainly.
    if (context.activity.name !== 'adaptiveCard/action') return invokeBadRequest(`invoke ${String(context.activity.name ?? '').slice(0, 80)} is not supported`);
    return this.handleCardInvoke(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { log, correlationId } = turnLogger(this.options.logger, activity.id);
    const text = stripMentions(activity);
    const language = this.options.conversation.languageOf(text, activity.locale);
    if (!text && activity.value !== undefined) return this.handleCardSubmit(context, log, correlationId);
    if (text.length > MAX_INPUT_CHARS) {
      log.info({ length: text.length }, 'message too long for a command');
      await context.sendActivity(hostText('tooLong', language));
      return;
    }
    const caller = await resolveCaller(this.options.directory, activity.from, log, this.options.authEnabled);
    if (!caller.ok) {
      await context.sendActivity(hostText('directoryUnavailable', language));
      return;
    }
    if (!this.turnLimit.take(caller.actor.id)) {
      log.warn({ caller: caller.actor.id }, 'caller over the chat turn limit');
      await context.sendActivity(hostText('slowDown', language));
      return;
    }
    await this.remember(context, language, log);
    const conversationRef = this.reference(context);
    const replies = await this.options.conversation.onMessage({
      text,
      locale: activity.locale,
      actor: caller.actor,
      conversationId: activity.conversation.id,
      conversationRef,
      correlationId,
      ...localTimeZone(activity),
    });
    await this.sendReplies(context, replies, conversationRef, log);
  }

  /** Action.Submit (the fallback of clients without Action.Execute): a message whose value is the card data. */
  private async handleCardSubmit(context: TurnContext, log: Logger, correlationId: string): Promise<void> {
    const activity = context.activity;
    const language = this.options.conversation.languageOf('', activity.locale);
    const data = SubmitValueSchema.safeParse(activity.value);
    if (!data.success) {
      await context.sendActivity(hostText('invalidAction', language));
      return;
    }
    const caller = await resolveCaller(this.options.directory, activity.from, log, this.options.authEnabled);
    if (!caller.ok) {
      await context.sendActivity(hostText('directoryUnavailable', language));
      return;
    }
    const conversationRef = this.reference(context);
    const result = await this.options.conversation.onCardAction({
      data: data.data,
      trigger: 'manual',
      replyToId: activity.replyToId,
      locale: activity.locale,
      actor: caller.actor,
      conversationId: activity.conversation.id,
      conversationRef,
      correlationId,
    });
    if (result.card) {
      let updated = false;
      const target = this.clickTarget(result, activity.replyToId, activity.conversation?.id);
      if (activity.replyToId && !target) log.info({ replyToId: activity.replyToId }, 'clicked activity is not the one recorded for this card; sending the card anew');
      if (target) {
        try {
          await context.updateActivity({ id: target, type: 'message', attachments: [cardAttachment(result.card)] });
          updated = true;
        } catch (error) {
          log.info({ ...errorFields(error), replyToId: target }, 'clicked card could not be updated; sending it anew');
        }
      }
      const sent = updated ? undefined : await context.sendActivity({ type: 'message', attachments: [cardAttachment(result.card)] });
      if (sent?.id) this.rememberPosted(activity.conversation?.id, sent.id);
      // The clicked card became a proposal's or a job's card: record where it is for in-place updates.
      const activityId = updated ? target : sent?.id;
      if (result.track) await this.trackCard(result.track, { conversation: conversationRef, ...(activityId ? { activityId } : {}) }, log);
    }
    await this.sendReplies(context, result.replies ?? [], conversationRef, log);
  }

  private async handleCardInvoke(context: TurnContext): Promise<InvokeResponse> {
    const activity = context.activity;
    const { log, correlationId } = turnLogger(this.options.logger, activity.id);
    const language = this.options.conversation.languageOf('', activity.locale);
    const value = InvokeValueSchema.safeParse(activity.value);
    if (!value.success) {
      log.info({ issues: value.error.issues.length }, 'invalid adaptiveCard/action invoke');
      return invokeBadRequest(hostText('invalidAction', language));
    }
    const automatic = value.data.trigger === 'automatic';
    const caller = await resolveCaller(this.options.directory, activity.from, log, this.options.authEnabled);
    if (!caller.ok) return invokeMessage(hostText('directoryUnavailable', language));
    const conversationRef = this.reference(context);
    const turn: CardActionTurn = {
      data: value.data.action.data,
      verb: value.data.action.verb,
      trigger: value.data.trigger ?? 'manual',
      replyToId: activity.replyToId,
      locale: activity.locale,
      actor: caller.actor,
      conversationId: activity.conversation.id,
      conversationRef,
      correlationId,
    };
    let result: CardActionResult | typeof TIMED_OUT;
    const pending = this.options.conversation.onCardAction(turn);
    try {
      result = await this.withinDeadline(pending);
    } catch (error) {
      log.error(errorFields(error), 'card action failed');
      return invokeMessage(hostText('turnError', language));
    }
    if (result === TIMED_OUT) {
      log.warn({ verb: turn.verb }, 'card action slower than the invoke deadline; answering first');
      if (automatic) return invokeMessage('');
      this.applyLate(pending, turn, log);
      return invokeMessage(hostText('stillWorking', language));
    }
    // A refresh (trigger "automatic") only returns the card: posting or editing activities from a
    // refresh makes every open client refresh again, an endless loop.
    if (!automatic) await this.sendReplies(context, result.replies ?? [], conversationRef, log);
    // The card replacing the clicked one now belongs to a proposal or job. The clicked activity is
    // recorded for it only when it is the one recorded for the clicked proposal or job (or that
    // had none yet, as a question the bot asked): a replyToId naming any other message is ignored.
    const clickedIsRecorded = !result.recorded?.activityId || recordedActivity(result.recorded, activity.replyToId, activity.conversation?.id) !== undefined;
    if (!automatic && result.card && result.track && clickedIsRecorded) {
      await this.trackCard(result.track, { conversation: conversationRef, ...(activity.replyToId ? { activityId: activity.replyToId } : {}) }, log);
    }
    if (result.card) return invokeCard(result.card);
    const text = result.replies?.find((r) => r.text)?.text ?? '';
    return invokeMessage(automatic ? '' : text);
  }

  private async withinDeadline<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.options.invokeDeadlineMs ?? 2000);
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private applyLate(pending: Promise<CardActionResult>, turn: CardActionTurn, log: Logger): void {
    const reference = parseStoredReference(turn.conversationRef);
    void pending
      .then(async (late) => {
        const target = this.clickTarget(late, turn.replyToId, turn.conversationId);
        if (late.card && target && reference && this.options.messenger) {
          await this.options.messenger.updateCard(reference, target, late.card, log);
        }
      })
      .catch((error: unknown) => log.error(errorFields(error), 'late card action failed'));
  }

  private async sendReplies(context: TurnContext, replies: Reply[], conversationRef: Record<string, unknown>, log: Logger): Promise<void> {
    for (const reply of replies) {
      if (!reply.text && !reply.card) continue;
      const response = await context.sendActivity(replyActivity(reply));
      if (reply.card && response?.id) this.rememberPosted(context.activity.conversation?.id, response.id);
      if (reply.track) await this.trackCard(reply.track, { conversation: conversationRef, ...(response?.id ? { activityId: response.id } : {}) }, log);
    }
  }

  /**
   * The activity a click may update: for a proposal or job the one recorded for it; for other
   * cards (questions, pages) one this process posted into the same conversation. Never simply
   * the client's replyToId.
   */
  private clickTarget(result: CardActionResult, replyToId: string | undefined, conversationId: string | undefined): string | undefined {
    if (result.recorded) return recordedActivity(result.recorded, replyToId, conversationId);
    return replyToId && this.posted.has(`${conversationId} ${replyToId}`) ? replyToId : undefined;
  }

  private rememberPosted(conversationId: string | undefined, activityId: string): void {
    if (!conversationId) return;
    this.posted.add(`${conversationId} ${activityId}`);
    if (this.posted.size > POSTED_REMEMBERED) this.posted.delete(this.posted.values().next().value as string);
  }

  private async trackCard(track: NonNullable<Reply['track']>, card: CardRef, log: Logger): Promise<void> {
    try {
      if (track.kind === 'proposal') await this.options.store.setProposalCard(track.id, card);
      else await this.options.store.setJobCard(track.id, card);
    } catch (error) {
      log.warn({ ...errorFields(error), track }, 'posted card could not be recorded');
    }
  }

  /** The turn's serialised conversation reference, built once per turn (it is stored and handed to the dialogs). */
  private reference(context: TurnContext): Record<string, unknown> {
    let reference = context.turnState.get(REFERENCE) as Record<string, unknown> | undefined;
    if (!reference) {
      reference = serialiseReference(TurnContext.getConversationReference(context.activity));
      context.turnState.set(REFERENCE, reference);
    }
    return reference;
  }

  private async recordReference(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const key = referenceKey(activity);
    if (!key || !activity.serviceUrl || !this.options.serviceUrlAllowed(activity.serviceUrl)) return;
    if (!turnAuthenticated(context, this.options.authEnabled)) return;
    try {
      await this.options.store.saveConversationRef(key, this.reference(context));
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error), correlationId: activity.id }, 'conversation reference not stored');
    }
  }

  private async remember(context: TurnContext, language: Language, log: Logger): Promise<void> {
    try {
      await this.options.preferences?.rememberLanguage(context, language);
    } catch (error) {
      log.warn(errorFields(error), 'user language not stored');
    }
  }
}
