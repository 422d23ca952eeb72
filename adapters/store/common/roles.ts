// Turns an engine's operations (plain functions taking the engine's connection first) into a role
// object of the Store port: each operation bound to the connection and asynchronous, so a
// synchronous engine (SQLite) reports failures as rejected promises like an asynchronous one.
// Listing a role's operations once replaces a delegating method per operation and engine.

/** An engine operation: the connection (statement cache, pool) first, then the port's arguments. */
type Operation<C> = (connection: C, ...args: never[]) => unknown;

export type BoundRole<C, Ops extends Record<string, Operation<C>>> = {
  [K in keyof Ops]: Ops[K] extends (connection: C, ...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export function bindRole<C, Ops extends Record<string, Operation<C>>>(connection: C, operations: Ops): BoundRole<C, Ops> {
  const role: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, operation] of Object.entries(operations)) {
    const run = operation as (connection: C, ...args: unknown[]) => unknown;
    role[name] = async (...args) => run(connection, ...args);
  }
  return role as BoundRole<C, Ops>;
}
