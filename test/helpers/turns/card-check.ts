// Validates Adaptive Card JSON with the adaptivecards library (its dist build loads in Node
// without a DOM): unknown element types, bad enum values, duplicate ids.
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AdaptiveCard } from '../../../dialogs/types';

interface AcModule {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: Array<{ message: string }> } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
}
const ac = createRequire(path.join(__dirname, 'card-check.ts'))('adaptivecards/dist/adaptivecards.js') as AcModule;

export function cardProblems(json: unknown): string[] {
  const card = new ac.AdaptiveCard();
  const ctx = new ac.SerializationContext();
  card.parse(json, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

/** All text of a card (TextBlocks, facts, button titles), for assertions on content. */
export function cardText(json: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string') out.push(o.title);
    if (typeof o.value === 'string') out.push(o.value);
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'data') walk(v);
  };
  walk(json);
  return out.join('\n');
}

/** The card among a conversation's replies (dialogs' Reply objects), checked to be a valid Adaptive Card. */
export function replyCard(replies: ReadonlyArray<{ card?: unknown }>): AdaptiveCard {
  const card = replies.find((r) => r.card)?.card as AdaptiveCard | undefined;
  assert.ok(card, `expected a card, got ${JSON.stringify(replies).slice(0, 300)}`);
  assert.deepEqual(cardProblems(card), []);
  return card;
}

/** The only reply of a turn, a valid Adaptive Card. */
export function soleCard(replies: ReadonlyArray<{ card?: unknown }>): AdaptiveCard {
  assert.equal(replies.length, 1, JSON.stringify(replies).slice(0, 300));
  return replyCard(replies);
}

/** The text of a turn answered with one text and no card. */
export function soleText(replies: ReadonlyArray<{ card?: unknown; text?: string }>): string {
  assert.deepEqual(replies.map((r) => r.card), [undefined], 'a text answer has no card');
  return replies[0].text ?? '';
}

/** A text followed by the job's card, tracked for updates (a job command's answer): both, the card as text. */
export function textAndCard(replies: ReadonlyArray<{ card?: unknown; text?: string; track?: unknown }>): { text: string; card: string } {
  assert.equal(replies.length, 2, JSON.stringify(replies).slice(0, 300));
  const [said, shown] = replies;
  assert.ok(said.text && !said.card);
  assert.ok(shown.card, 'the job card follows');
  assert.deepEqual(shown.track, { kind: 'job', id: /\d+/.exec(said.text)?.[0] }, 'the card is tracked for updates');
  assert.deepEqual(cardProblems(shown.card), []);
  return { text: said.text, card: cardText(shown.card) };
}
