// The conversation: text -> command -> role check -> handler -> replies, and card clicks ->
// verb handler -> replacement card. Errors become polite coded answers, never stack traces.
import { isLyncOpsError } from '../migration/errors';
import type { Actor, Job, JobItem } from '../migration/model';
import { Planner } from '../migration/planner';
import { parseActionData } from './actions/parse';
import { handlerFor } from './actions/handlers';
import { turnContext, type TurnContext } from './context';
import { languageFromLocale, texts } from './i18n';
import { renderJobCard } from './jobs';
import { catalogFromTopology, MAX_INPUT_CHARS, recognize, type NameCatalog } from './recognizer';
import { runCommand } from './dispatch';
import { REGISTRY } from './registry';
import { welcomeText } from './welcome';
import { plannedStartOf, timeZoneOf, whenQuestion } from './schedule';
import type { CardActionResult, CardActionTurn, Conversation, ConversationDeps, Language, MessageTurn, Reply } from './types';

export function createConversation(deps: ConversationDeps): Conversation {
  const planner = new Planner({
    ...deps,
    requireSecondApprover: deps.settings.requireSecondApprover,
    secondApproverMinUsers: deps.settings.secondApproverMinUsers,
    policy: deps.settings.policy,
  });
  const catalog: NameCatalog = catalogFromTopology(deps.topology, deps.settings.pilotGroup);

  const context = (actor: Actor, lang: Language, turn: TurnContext['turn']) => turnContext(deps, planner, REGISTRY, actor, lang, turn);

  // The host asks for a message's language just before handing over the same message: the last
  // recognition is kept so a turn runs the recognizer once (it is a pure function of the text).
  let last: { text: string; recognition: ReturnType<typeof recognize> } | undefined;
  function recognized(text: string): ReturnType<typeof recognize> {
    if (last?.text !== text) last = { text, recognition: recognize(text, catalog) };
    return last.recognition;
  }

  function languageOf(text: string, locale?: string): Language {
    return recognized(text.slice(0, MAX_INPUT_CHARS)).language ?? languageFromLocale(locale);
  }

  function failure(e: unknown, lang: Language, correlationId: string): Reply[] {
    const t = texts(lang);
    if (isLyncOpsError(e)) {
      deps.logger.warn({ code: e.code, err: e.message, correlationId }, 'turn failed with a coded error');
      if (e.code === 'DIRECTORY_UNAVAILABLE' || e.code === 'DIRECTORY_THROTTLED') return [{ text: t.host.directoryUnavailable }];
      return [{ text: t.host.backendDown(t.error[e.code]) }];
    }
    deps.logger.error({ err: e instanceof Error ? e.stack : String(e), correlationId }, 'turn failed');
    return [{ text: t.host.turnError }];
  }

  async function onMessage(turn: MessageTurn): Promise<Reply[]> {
    const text = (turn.text ?? '').slice(0, MAX_INPUT_CHARS);
    // Recognised afresh with the turn's clock and time zone: "tonight" depends on both.
    // Only a text with a start time depends on them; any other reuses the language check's result.
    const timeZone = timeZoneOf(turn.timeZone, deps.settings.defaultTimeZone);
    const cached = recognized(text);
    const recognition = cached.when ? recognize(text, catalog, { now: deps.clock.now(), timeZone }) : cached;
    const lang = recognition.language ?? languageFromLocale(turn.locale);
    const command = recognition.command;
    const ctx = context(turn.actor, lang, { conversationRef: turn.conversationRef, correlationId: turn.correlationId, locale: turn.locale, text, suggestions: recognition.suggestions, timeZone });
    try {
      // A start time that is unclear, impossible or past is asked about (after the role check), never guessed.
      if (recognition.when && 'problem' in recognition.when) {
        ctx.turn.unclearStart = { text: whenQuestion(recognition.when, lang), problem: recognition.when.problem.kind };
      }
      const schedule = plannedStartOf(recognition, timeZone);
      if (schedule) ctx.turn.schedule = schedule;
      // The order behind an unclear start goes through its own role check before the question.
      return await runCommand(ctx, recognition.pending ?? command);
    } catch (e) {
      return failure(e, lang, turn.correlationId);
    }
  }

  async function onCardAction(turn: CardActionTurn): Promise<CardActionResult> {
    const data = parseActionData(turn.data, turn.verb);
    const lang = data?.lang ?? languageFromLocale(turn.locale);
    const ctx = context(turn.actor, lang, { conversationRef: turn.conversationRef, correlationId: turn.correlationId, locale: turn.locale });
    try {
      if (!data) {
        await ctx.audit('cardAction.invalid', 'refused', { details: { verb: typeof turn.verb === 'string' ? turn.verb.slice(0, 40) : undefined } });
        return { replies: [{ text: ctx.t.host.invalidAction }] };
      }
      // A refresh (trigger "automatic") only ever renders: it must never act or post.
      if (turn.trigger === 'automatic' && data.verb !== 'job.refresh') return {};
      return await handlerFor(data.verb)(ctx, data as never);
    } catch (e) {
      return { replies: failure(e, lang, turn.correlationId) };
    }
  }

  async function welcome(turn: Omit<MessageTurn, 'text' | 'timeZone'>): Promise<Reply[]> {
    const lang = languageFromLocale(turn.locale);
    const ctx = context(turn.actor, lang, { conversationRef: turn.conversationRef, correlationId: turn.correlationId, locale: turn.locale });
    return [{ text: await welcomeText(ctx) }];
  }

  async function jobCard(jobId: string, language: Language) {
    const job = await deps.store.getJob(jobId);
    return job ? renderJobCard(deps, job, language) : null;
  }

  function moveNotice(job: Job, item: Pick<JobItem, 'key' | 'toPool'>, language: Language): Reply {
    const t = texts(language);
    return { text: job.operation === 'rollback' ? t.userStatus.noticeRolledBack(item.toPool) : t.userStatus.noticeMoved(item.toPool) };
  }

  return { onMessage, onCardAction, welcome, jobCard, moveNotice, languageOf };
}
