import type { Store } from '../../src/services/store.js';

/**
 * Waits until no bulk run is still to finish (every run the app started has finished or stopped),
 * so a test sees a bulk command's whole effect, and the next test starts with no job running.
 */
export async function waitForBulkRuns(store: Store, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await store.bulkRuns.countDocuments({
      status: { $in: ['preparing', 'queued', 'applying', 'delivering'] },
    });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} bulk runs still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
