// Prepared-statement cache for one better-sqlite3 connection: the store's SQL is fixed text, so
// each statement is compiled once and reused (list parameters travel as JSON through json_each).
import type Database from 'better-sqlite3';
import type { JsonDecoder } from '../common/records';

export class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly transactions = new Map<(...args: never[]) => unknown, Database.Transaction>();

  constructor(readonly db: Database.Database) {}

  /**
   * The transaction function for `body`, built once: db.transaction() creates fresh wrapper
   * functions on every call, garbage on paths that run for every job item or chat turn. `body`
   * must take what varies as arguments (a module-level function, not a closure per call).
   */
  transaction<A extends unknown[], R>(body: (...args: A) => R): Database.Transaction<(...args: A) => R> {
    let tx = this.transactions.get(body);
    if (!tx) {
      tx = this.db.transaction(body);
      this.transactions.set(body, tx);
    }
    return tx as Database.Transaction<(...args: A) => R>;
  }

  get(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

/** SQLite keeps JSON as text; NULL stays null. */
export const decodeSqliteJson: JsonDecoder = (column) => (column === null || column === undefined ? null : JSON.parse(String(column)));

export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export const bool = (v: boolean): number => (v ? 1 : 0);
