// Preloaded into a bot replica (`node -r dist/testkit/replicas/pg-count.js …`) by the throughput
// drill: counts every statement the process sends to PostgreSQL (BEGIN and COMMIT included) by
// wrapping pg.Client#query, which the pool's query goes through too, and writes the running total
// to the file PG_STATEMENT_COUNT_FILE names every 50 ms and at exit. Never loaded by the bot itself.
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.PG_STATEMENT_COUNT_FILE;
if (file) {
  let statements = 0;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  let written = -1;
  const write = () => {
    if (written === statements) return;
    written = statements;
    writeFileSync(file, `${JSON.stringify({ statements, at: Date.now() })}\n`);
  };
  setInterval(write, 50).unref();
  process.on('exit', write);
}
