// Tiny activity factories for dialog tests through botbuilder's TestAdapter: the demo people as
// Teams callers, a typed message, an Action.Execute invoke, an Action.Submit fallback message, and
// readers for what the bot sent back (the Adaptive Card of a reply, the card of an invokeResponse).
import { strict as assert } from 'node:assert';
import type { Activity, ChannelAccount } from 'botbuilder';
import type { AdaptiveCard } from '../../../dialogs/types';
import { cardProblems } from './card-check';
import { sender } from '../people';

/** The bot as Teams addresses it; mentions name it "LyncOps". */
export const BOT: ChannelAccount = { id: '28:lyncops-bot', name: 'LyncOps' };

/** Demo people as Teams senders: a channel id plus the AAD object id the bot resolves. */
export const PEOPLE = {
  alex: sender('29:alex', 'alex'),
  erin: sender('29:erin', 'erin'),
  helga: sender('29:helga', 'helga'),
  alice: sender('29:alice', 'alice'),
} satisfies Record<string, ChannelAccount>;
export type Person = keyof typeof PEOPLE;

let serial = 0;

function base(from: Person, locale: string, extra: Partial<Activity>): Partial<Activity> {
  return {
    id: `in-${++serial}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    locale,
    from: PEOPLE[from],
    recipient: BOT,
    conversation: { id: `personal-${from}`, conversationType: 'personal', isGroup: false, name: '' },
    ...extra,
  };
}

/** A typed message. */
export function message(text: string, from: Person = 'alex', locale = 'en-US', extra: Partial<Activity> = {}): Partial<Activity> {
  return { ...base(from, locale, extra), type: 'message', text };
}

/** A channel message that @mentions the bot, as Teams sends it. */
export function mention(text: string, from: Person = 'alex', locale = 'en-US'): Partial<Activity> {
  const tag = `<at>${BOT.name}</at>`;
  return message(`${tag} ${text}`, from, locale, {
    conversation: { id: 'channel-1', conversationType: 'channel', isGroup: true, name: 'Migration' },
    entities: [{ type: 'mention', text: tag, mentioned: BOT }],
  });
}

/** A click on an Action.Execute button: invoke `adaptiveCard/action`. */
export function execute(
  verb: string,
  data: Record<string, unknown>,
  from: Person = 'alex',
  options: { trigger?: 'manual' | 'automatic'; locale?: string; replyToId?: string } = {},
): Partial<Activity> {
  return {
    ...base(from, options.locale ?? 'en-US', options.replyToId ? { replyToId: options.replyToId } : {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}

/** A click on the Action.Submit fallback: a message without text whose value is the button data. */
export function submit(data: Record<string, unknown>, from: Person = 'alex', replyToId?: string, locale = 'en-US'): Partial<Activity> {
  return { ...base(from, locale, replyToId ? { replyToId } : {}), type: 'message', value: data };
}

/** The Adaptive Card attached to an activity, checked with the adaptivecards library. */
export function cardOf(activity: Partial<Activity> | undefined): AdaptiveCard {
  const attachment = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  assert.ok(attachment, `expected an Adaptive Card, got ${JSON.stringify(activity).slice(0, 300)}`);
  const card = attachment.content as AdaptiveCard;
  assert.deepEqual(cardProblems(card), []);
  return card;
}

/** The single card among a turn's replies. */
export function onlyCard(replies: Array<Partial<Activity>>): AdaptiveCard {
  const withCards = replies.filter((r) => r.attachments?.length);
  assert.equal(withCards.length, 1, `expected one card, got ${JSON.stringify(replies).slice(0, 400)}`);
  return cardOf(withCards[0]);
}

/** The texts of a turn's plain replies. */
export function textsOf(replies: Array<Partial<Activity>>): string[] {
  return replies.filter((r) => r.type === 'message' && typeof r.text === 'string').map((r) => r.text as string);
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** The invokeResponse of an invoke turn: HTTP status and body as Teams would receive them. */
export function invokeResponseOf(replies: Array<Partial<Activity>>): { status: number; body: InvokeBody } {
  const responses = replies.filter((r) => r.type === 'invokeResponse');
  assert.equal(responses.length, 1, `expected one invokeResponse, got ${JSON.stringify(replies).slice(0, 400)}`);
  return responses[0].value as { status: number; body: InvokeBody };
}

/** The card of an invokeResponse (`value.body.value` when the body type is an Adaptive Card). */
export function invokeCard(replies: Array<Partial<Activity>>): AdaptiveCard {
  const { status, body } = invokeResponseOf(replies);
  assert.equal(status, 200);
  assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', `expected a card, got ${JSON.stringify(body).slice(0, 300)}`);
  const card = body.value as AdaptiveCard;
  assert.deepEqual(cardProblems(card), []);
  return card;
}

/** The data of a card button by verb (Action.Execute, as the card builders emit). */
export function buttonData(card: AdaptiveCard, verb: string): Record<string, unknown> {
  const action = ((card.actions ?? []) as Array<{ verb?: string; data?: Record<string, unknown> }>).find((a) => a.verb === verb);
  assert.ok(action?.data, `the card has no ${verb} button: ${JSON.stringify(card.actions ?? [])}`);
  return action.data;
}
