import type { Store } from '../store.js';
import { deleteExportFile } from './export-file-store.js';
import { expiredExportIds, setExportStatus } from './export-repository.js';

/**
 * Deletes the files of exports whose link has expired; their records stay, marked deleted, so a
 * late click hears that the file is gone. Returns how many files went.
 */
export async function deleteExpiredExports(store: Store, now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await expiredExportIds(store, now);
    for (const id of ids) {
      await deleteExportFile(store, id);
      await setExportStatus(store, id, 'deleted');
    }
    deleted += ids.length;
    if (ids.length === 0) return deleted;
  }
}
