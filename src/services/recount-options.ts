import type { Store } from './store.js';

/** How a recount of stored counters against the documents they count (seats, the adoption funnel) runs. */
export interface RecountOptions {
  /** How long two counts are apart, so that a change between its two writes is not taken for drift. */
  settleMs: number;
  /**
   * Where the documents are counted: a connection for long reads (the recount job's), since one pass
   * over 100,000 people on FerretDB/SQLite outlasts the app connection's socket timeout. Without it,
   * the service's own store.
   */
  counts?: Store;
}
