// Live job progress for open dashboards, as server-sent events. One poll of the store per second
// serves every viewer of this replica (and only while someone watches); an event goes out when
// the unfinished jobs or their counts changed, a comment line every 15 s keeps proxies from
// closing the stream. Each viewer gets the current state on connecting, so a reconnect after a
// lost connection catches up at once; `retry` tells the browser to reconnect after 2 s.
import type { ServerResponse } from 'node:http';
import type restify from 'restify';
import { BOARD_JOBS, BOARD_STATES } from '../../migration/dashboard';
import type { Logger } from '../../migration/ports';
import type { DashboardQueries } from '../../migration/store';
import { errorFields } from '../logger';

export const LIVE_INTERVAL_MS = 1000;
const HEARTBEAT_MS = 15_000;
const RETRY_MS = 2000;

export class LiveFeed {
  private readonly viewers = new Set<ServerResponse>();
  private timer?: NodeJS.Timeout;
  private last = '';
  private lastSentAt = 0;
  private polling = false;

  constructor(
    private readonly store: DashboardQueries,
    private readonly logger: Logger,
    private readonly intervalMs = LIVE_INTERVAL_MS,
  ) {}

  subscribe(req: restify.Request, res: restify.Response): void {
    const raw = res as unknown as ServerResponse;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    raw.write(`retry: ${RETRY_MS}\n\n`);
    this.viewers.add(raw);
    const drop = () => {
      this.viewers.delete(raw);
      if (!this.viewers.size) this.stop();
    };
    req.on('close', drop);
    raw.on('close', drop);
    if (this.last) raw.write(this.last);
    this.start();
    void this.poll();
  }

  close(): void {
    this.stop();
    for (const viewer of this.viewers) viewer.end();
    this.viewers.clear();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.viewers.size) return;
    this.polling = true;
    try {
      const jobs = await this.store.jobBoard({ states: BOARD_STATES, limit: BOARD_JOBS });
      const message = `event: jobs\ndata: ${JSON.stringify({ jobs })}\n\n`;
      const now = Date.now();
      if (message !== this.last) {
        this.last = message;
        this.lastSentAt = now;
        for (const viewer of this.viewers) viewer.write(message);
      } else if (now - this.lastSentAt >= HEARTBEAT_MS) {
        this.lastSentAt = now;
        for (const viewer of this.viewers) viewer.write(': still here\n\n');
      }
    } catch (error) {
      this.logger.warn(errorFields(error), 'dashboard live feed could not read the jobs');
    } finally {
      this.polling = false;
    }
  }
}
