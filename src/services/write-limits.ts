/**
 * Update statements sent in one `update` command (a bulkWrite of updates). FerretDB 1.24 never
 * answers an update command of 100 statements on SQLite (decision 002), nor one of 50 over
 * PostgreSQL (its connection pool waits on itself; 20 take ~60 ms there), and every write queued
 * behind it in the write front waits too (decision 005): 20 at a time, on every engine.
 */
export const UPDATES_PER_COMMAND = 20;
