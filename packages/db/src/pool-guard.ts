/** A request waited longer than the pool's acquire timeout for a connection. */
export class PoolTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`No database connection became free within ${waitedMs} ms.`);
    this.name = "PoolTimeoutError";
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any drizzle database's transaction signature
type Transactional = { transaction: (fn: (tx: any) => Promise<any>, config?: any) => Promise<any> };

/**
 * postgres-js queues a transaction without limit while every connection is busy. This bounds
 * the wait: past `acquireTimeoutMs` the caller gets a PoolTimeoutError, and if a connection
 * frees up later the stale transaction rolls back at once instead of running.
 */
export function guardTransactions<D extends Transactional>(db: D, acquireTimeoutMs: number): D {
  const begin = db.transaction.bind(db);
  const guarded = (fn: Parameters<D["transaction"]>[0], config?: Parameters<D["transaction"]>[1]) =>
    new Promise((resolve, reject) => {
      let state: "waiting" | "started" | "abandoned" = "waiting";
      const timer = setTimeout(() => {
        if (state !== "waiting") return;
        state = "abandoned";
        reject(new PoolTimeoutError(acquireTimeoutMs));
      }, acquireTimeoutMs);
      begin(async (tx: unknown) => {
        if (state === "abandoned") throw new PoolTimeoutError(acquireTimeoutMs);
        state = "started";
        clearTimeout(timer);
        return fn(tx);
      }, config).then(resolve, (error: unknown) => {
        clearTimeout(timer);
        if (state !== "abandoned") reject(error);
      });
    });
  return Object.assign(db, { transaction: guarded as D["transaction"] });
}
