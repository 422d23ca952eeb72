// HTTP load for the chat benchmarks: Bot Framework message activities as Teams would post them
// (expectReplies, so the replies come back in the response), driven by autocannon's programmatic
// API with a fresh conversation id on every request.
import { createRequire } from 'node:module';

/** The demo admin (Alex Wilber): the status turn needs an admin or helpdesk caller. */
export const ADMIN_AAD_ID = '00000000-0000-0000-0000-0000000000020';

export function messageActivity(text: string, n: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `bench-activity-${n}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    conversation: { id: `bench-conversation-${n}`, conversationType: 'personal' },
    from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: ADMIN_AAD_ID },
    recipient: { id: 'bot-id', name: 'LyncOps' },
  };
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}

interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no type declarations; the few fields used here are declared above.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

let serial = 0;

/** `connections` concurrent clients posting `text` for `seconds`, each request its own conversation. */
export async function postMessages(url: string, text: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(messageActivity(text, ++serial)) }),
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
