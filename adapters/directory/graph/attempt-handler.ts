// Graph client middleware around each single HTTP attempt. It aborts an attempt that got no
// complete answer within the timeout (below the RetryHandler, so every retry gets a fresh budget;
// the body is read inside the budget too, because a server that sends headers and then stalls
// would otherwise hang the chat turn), and it keeps the cause of a network failure, which fetch
// hides behind "fetch failed" and the Graph client would drop.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Error names the Graph client keeps as GraphError.code. */
export const GRAPH_TIMEOUT_ERROR = 'GraphRequestTimeout';
export const GRAPH_NETWORK_ERROR = 'GraphNetworkError';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export class AttemptHandler implements Middleware {
  private next?: Middleware;

  constructor(private readonly timeoutMs: number) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('AttemptHandler must not be the last middleware');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    if (context.options) context.options.signal = controller.signal;
    else context.options = { signal: controller.signal };
    try {
      await this.next.execute(context);
      const response = context.response;
      if (response) {
        const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
        context.response = new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
    } catch (error) {
      const failure = new Error(
        controller.signal.aborted ? `no complete answer within ${this.timeoutMs} ms` : causeOf(error),
      );
      failure.name = controller.signal.aborted ? GRAPH_TIMEOUT_ERROR : GRAPH_NETWORK_ERROR;
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}
