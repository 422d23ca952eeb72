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
