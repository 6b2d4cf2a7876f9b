/**
 * Promises that settle when something shows up in the fake's records: every request that the
 * server finishes calls notify(), and each waiter looks again.
 */
export class Waiters {
  private readonly pending = new Set<() => void>();

  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = find();
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        this.pending.delete(waiter);
      };
      if (!check()) this.pending.add(waiter);
    });
  }

  notify(): void {
    for (const waiter of [...this.pending]) waiter();
  }
}
