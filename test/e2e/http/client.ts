// A chat client for the HTTP end-to-end tests: posts Bot Framework activities to a running
// lyncops (/api/messages) with deliveryMode expectReplies, clicks card buttons as Action.Execute
// invokes, and reads what came back (cards, texts, facts of a site status card).
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import type { AdaptiveCard } from '../../../dialogs/types';
import { postActivity } from '../../bot/helpers/http';
import { cardProblems, cardText } from '../../helpers/turns/card-check';
import { cardOf, execute, message, type Person } from '../../helpers/turns/activities';

export interface ChatClient {
  /** Sends a message and returns the replies from the HTTP body. */
  say(text: string, as?: Person, locale?: string): Promise<Array<Partial<Activity>>>;
  /** Sends a message whose one reply is a card, and returns that card. */
  card(text: string, as?: Person): Promise<AdaptiveCard>;
  /** Clicks an Action.Execute button; returns the invoke response (Teams sends invokes without expectReplies). */
  click(verb: string, data: Record<string, unknown>, as?: Person): Promise<{ status: number; body: { statusCode: number; type: string; value: unknown } }>;
  /** Asks for a job's card until it shows a finished state (or fails after `timeoutMs`). */
  waitForJob(jobId: string, finished: RegExp, timeoutMs?: number): Promise<AdaptiveCard>;
}

/**
 * `serviceUrl` is where the bot sends proactive card updates; a local fake connector keeps them
 * on this machine (with an empty app id the bot allows loopback connectors).
 */
export function chatClient(baseUrl: string, serviceUrl: string): ChatClient {
  const client: ChatClient = {
    async say(text, as = 'alex', locale = 'en-US') {
      const { status, body } = await postActivity(baseUrl, message(text, as, locale, { serviceUrl, deliveryMode: 'expectReplies' }));
      assert.equal(status, 200, `POST "${text}" answered ${status}: ${JSON.stringify(body)}`);
      return (body as { activities: Array<Partial<Activity>> }).activities;
    },
    async card(text, as = 'alex') {
      const replies = await client.say(text, as);
      assert.equal(replies.length, 1, `"${text}": one reply, got ${JSON.stringify(replies).slice(0, 300)}`);
      return cardOf(replies[0]);
    },
    async click(verb, data, as = 'alex') {
      const { status, body } = await postActivity(baseUrl, { ...execute(verb, data, as), serviceUrl });
      return { status, body: body as { statusCode: number; type: string; value: unknown } };
    },
    async waitForJob(jobId, finished, timeoutMs = 20_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const card = await client.card(`status of job ${jobId}`);
        if (finished.test(cardText(card))) return card;
        if (performance.now() > deadline) assert.fail(`job ${jobId} did not reach ${finished} within ${timeoutMs} ms:\n${cardText(card)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  return client;
}

/** The card of an invoke response body, checked with the adaptivecards library. */
export function invokeBodyCard(body: { type: string; value: unknown }): AdaptiveCard {
  assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', `expected a card, got ${JSON.stringify(body).slice(0, 300)}`);
  const card = body.value as AdaptiveCard;
  assert.deepEqual(cardProblems(card), []);
  return card;
}

interface Node {
  type?: string;
  text?: string;
  items?: Node[];
  facts?: Array<{ title: string; value: string }>;
}

/** The facts of a site status card's top FactSet and of each pool block, by pool FQDN. */
export function siteFacts(card: AdaptiveCard): { site: Record<string, string>; pools: Record<string, Record<string, string>> } {
  const body = card.body as Node[];
  const asRecord = (facts: Node['facts'] = []) => Object.fromEntries(facts.map((f) => [f.title, f.value]));
  const site = asRecord(body.find((n) => n.type === 'FactSet')?.facts);
  const pools: Record<string, Record<string, string>> = {};
  for (const block of body.filter((n) => n.type === 'Container')) {
    const title = block.items?.find((i) => i.type === 'TextBlock')?.text ?? '';
    const fqdn = /^Pool (\S+)$/.exec(title)?.[1];
    if (fqdn) pools[fqdn] = asRecord(block.items?.find((i) => i.type === 'FactSet')?.facts);
  }
  return { site, pools };
}
