// Bot Framework activities and HTTP calls for the robustness suite: message and card-action
// factories for the demo people, raw posts to /api/messages, and reading replies and the
// Action.Execute buttons out of what comes back.

import { sender } from '../people';

/** The Entra tenant the robustness activities come from (allow-listed when authentication is on). */
export const TENANT_ID = '5f1c7d27-0000-4000-8000-00000000c0de';

export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

/** People of the demo topology (and of generated topologies, which keep them). */
export const PEOPLE = {
  alex: sender('user-id-0', 'alex'),
  alice: sender('user-id-1', 'alice'),
  helga: sender('user-id-5', 'helga'),
  erin: sender('user-id-6', 'erin'),
} satisfies Record<string, Person>;

export interface ActivityOptions {
  from?: Person;
  conversationId?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  /** Where replies and card edits go; a port nothing listens on by default. */
  serviceUrl?: string;
  expectReplies?: boolean;
  replyToId?: string;
  extra?: Record<string, unknown>;
}

let serial = 0;

export function message(text: string | undefined, options: ActivityOptions = {}): Record<string, unknown> {
  serial++;
  const from = options.from ?? PEOPLE.alex;
  return {
    type: 'message',
    id: `robust-${serial}`,
    ...(text !== undefined ? { text } : {}),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl ?? 'http://127.0.0.1:9/',
    locale: 'en-US',
    timestamp: new Date().toISOString(),
    conversation: { id: options.conversationId ?? `conversation-${from.id}`, conversationType: options.conversationType ?? 'personal' },
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: 'bot-id', name: 'LyncOps' },
    channelData: { tenant: { id: TENANT_ID } },
    ...(options.expectReplies ? { deliveryMode: 'expectReplies' } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...options.extra,
  };
}

/** An Action.Execute click as Teams sends it: an `adaptiveCard/action` invoke. */
export function cardInvoke(verb: unknown, data: unknown, options: ActivityOptions = {}): Record<string, unknown> {
  return {
    ...message(undefined, options),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    replyToId: options.replyToId ?? 'card-activity-1',
  };
}

export interface PostResult {
  status: number;
  text: string;
  body: unknown;
}

/** POSTs to /api/messages; a string body is sent as is (for malformed JSON). */
export async function post(base: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, text, body: parsed };
}

export async function healthz(base: string): Promise<number> {
  const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.status;
}

export interface ReplyActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  value?: unknown;
}

/** The reply activities of an expectReplies response (none for any other body). */
export function repliesOf(result: PostResult): ReplyActivity[] {
  const activities = (result.body as { activities?: unknown } | undefined)?.activities;
  return Array.isArray(activities) ? (activities as ReplyActivity[]) : [];
}

export interface ExecuteAction {
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Every Action.Execute button anywhere in a card (or in any JSON holding cards). */
export function executeActions(node: unknown, out: ExecuteAction[] = []): ExecuteAction[] {
  if (Array.isArray(node)) for (const n of node) executeActions(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(o as ExecuteAction);
    for (const value of Object.values(o)) executeActions(value, out);
  }
  return out;
}

/** The proposal id carried by the confirm button in `node`. */
export function proposalIdIn(node: unknown): string {
  const confirm = executeActions(node).find((a) => a.verb === 'proposal.confirm');
  const id = confirm?.data?.proposalId;
  if (typeof id !== 'string') throw new Error(`no confirm button in ${JSON.stringify(node).slice(0, 400)}`);
  return id;
}

/** All texts of a reply (message text and card text blocks), for matching. */
export function replyText(replies: readonly ReplyActivity[]): string {
  return replies.map((r) => `${r.text ?? ''} ${JSON.stringify(r.attachments ?? [])}`).join('\n');
}
