// A chat client for bot replicas over plain HTTP: messages with deliveryMode "expectReplies"
// (the replies come back in the response body) and Action.Execute invokes, sent as the demo
// admin from one Teams conversation whose connector is a local sink. Plus small readers for the
// Adaptive Cards that come back (texts, facts, the data of a button).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatUser {
  id: string;
  name: string;
  aadObjectId: string;
}

/** Alex Wilber, the demo admin (the local playground's default user). */
export const DEMO_ADMIN: ChatUser = { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' };

export interface Card {
  type: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export interface ReplyActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Card }>;
}

export interface InvokeResult {
  status: number;
  /** The card the invoke answered with, if it answered with one. */
  card?: Card;
  /** The message it answered with otherwise. */
  message?: string;
}

/** Where replicas send card edits and proactive messages; answers every call with 200 and an id. */
export interface ConnectorSink {
  url: string;
  calls: number;
  close(): Promise<void>;
}

export async function startConnectorSink(): Promise<ConnectorSink> {
  let ids = 0;
  const sink = {
    url: '',
    calls: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      sink.calls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sink-${++ids}` }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return sink;
}

export class ReplicaClient {
  private serial = 0;

  constructor(
    private readonly serviceUrl: string,
    private readonly user: ChatUser = DEMO_ADMIN,
    private readonly conversationId = 'replicas-1',
  ) {}

  private activity(extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: `client-${process.pid}-${++this.serial}`,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      locale: 'en-US',
      conversation: { id: this.conversationId, conversationType: 'personal' },
      from: { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId },
      recipient: { id: 'lyncops-bot', name: 'LyncOps' },
      ...extra,
    };
  }

  private async post(baseUrl: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** Sends a chat message to one replica and returns its replies. */
  async say(baseUrl: string, text: string): Promise<ReplyActivity[]> {
    const { status, body } = await this.post(baseUrl, this.activity({ type: 'message', text, deliveryMode: 'expectReplies' }));
    if (status !== 200) throw new Error(`"${text}" answered with HTTP ${status}: ${JSON.stringify(body)}`);
    return (body as { activities?: ReplyActivity[] }).activities ?? [];
  }

  /** The first card among the replies to a message (an error when there is none). */
  async sayForCard(baseUrl: string, text: string): Promise<Card> {
    const replies = await this.say(baseUrl, text);
    const card = replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
    if (!card) throw new Error(`"${text}" got no card: ${JSON.stringify(replies).slice(0, 500)}`);
    return card;
  }

  /** Clicks an Action.Execute button (its verb and data) on one replica. */
  async invoke(baseUrl: string, verb: string, data: Record<string, unknown>): Promise<InvokeResult> {
    const value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    const { status, body } = await this.post(baseUrl, this.activity({ type: 'invoke', name: 'adaptiveCard/action', value, replyToId: 'card-1' }));
    const answer = body as { type?: string; value?: unknown } | undefined;
    if (answer?.type === 'application/vnd.microsoft.card.adaptive') return { status, card: answer.value as Card };
    return { status, message: typeof answer?.value === 'string' ? answer.value : JSON.stringify(answer) };
  }
}

function walk(node: unknown, visit: (element: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

/** Every TextBlock text of a card, in order. */
export function cardTexts(card: Card): string[] {
  const texts: string[] = [];
  walk(card, (e) => {
    if (e.type === 'TextBlock' && typeof e.text === 'string') texts.push(e.text);
  });
  return texts;
}

/** The facts of a card's FactSets, title -> value. */
export function cardFacts(card: Card): Record<string, string> {
  const facts: Record<string, string> = {};
  walk(card, (e) => {
    if (e.type === 'FactSet' && Array.isArray(e.facts)) for (const f of e.facts as Array<{ title: string; value: string }>) facts[f.title] = f.value;
  });
  return facts;
}

/** The verb and data of the card's first Action.Execute button with that verb. */
export function cardAction(card: Card, verb: string): { verb: string; data: Record<string, unknown> } | undefined {
  let found: { verb: string; data: Record<string, unknown> } | undefined;
  walk(card.actions ?? [], (e) => {
    if (!found && e.type === 'Action.Execute' && e.verb === verb) found = { verb, data: (e.data as Record<string, unknown>) ?? {} };
  });
  return found;
}
