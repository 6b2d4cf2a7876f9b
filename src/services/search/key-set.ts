import { randomBytes } from 'node:crypto';
import { UbError } from '../errors.js';
import { withLock } from '../locks.js';
import type { KeySetDoc } from '../models/key-set.js';
import type { Store } from '../store.js';

/**
 * Writing sorted key sets that every engine reads by `_id` (decision 018). The rules that keep a
 * set right without transactions:
 * - an add is one atomic update of the directory (`$addToSet` to `inline`), so it is never lost;
 * - only the holder of the set's lock (decision 006's unique-`_id` insert) moves keys into chunks
 *   or splits them, and it always writes the new place before it forgets the old one;
 * - a removal pulls the key from the directory and from its chunk; when it races with a move the
 *   key may survive. A set may therefore hold a few keys too many, never one too few: searches
 *   check the page they show against the documents themselves.
 * All filters are exactly `{ _id }`, the one filter FerretDB on SQLite looks up by index.
 */

/** Keys added a few at a time wait in the directory until there are more than this. */
export const INLINE_MAX = 64;
/** A chunk holding more keys than this is split… */
export const CHUNK_MAX = 400;
/** …into chunks of this many keys (the last one takes the rest). */
export const CHUNK_FILL = 200;

const LOCK_LIFETIME_MS = 60_000;
/**
 * Longer than a lock lives: a process killed while holding a set's lock leaves it until it expires,
 * and the work resumed after the crash (a bulk run's page) must wait it out rather than fail.
 */
const LOCK_WAIT_MS = LOCK_LIFETIME_MS + 5_000;

export interface ChunkRef {
  id: string;
  /** The chunk holds the keys from `low` up to the next chunk's `low`. */
  low: string;
}

export interface Directory {
  inline: string[];
  /** In key order. */
  chunks: ChunkRef[];
}

export function chunkDocId(setId: string, chunkId: string): string {
  return `${setId}#${chunkId}`;
}

/** Code-unit order, the same everywhere a set is sorted or compared. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toDirectory(doc: Pick<KeySetDoc, 'inline' | 'chunks'> | null): Directory {
  const chunks = Object.entries(doc?.chunks ?? {}).map(([id, low]) => ({ id, low: String(low) }));
  chunks.sort((a, b) => compareKeys(a.low, b.low) || compareKeys(a.id, b.id));
  return { inline: doc?.inline ?? [], chunks };
}

/** The index of the chunk whose range holds `key` (the last one starting at or before it). */
export function coveringChunk(chunks: readonly ChunkRef[], key: string): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (compareKeys(chunks[mid]!.low, key) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Adds keys to a set (creating it); adding a key it holds changes nothing. */
export async function addKeys(store: Store, orgId: string, setId: string, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  if (unique.length > INLINE_MAX) {
    // Many keys at once (a bulk add, the build): straight into the chunks, under the lock.
    await withSetLock(store, setId, 'wait', async () => {
      const doc = await store.keySets
        .findOneAndUpdate(
          { _id: setId },
          { $setOnInsert: { orgId, inline: [], chunks: {} } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean()
        .exec();
      await mergeIntoChunks(store, orgId, setId, toDirectory(doc), unique);
    });
    return;
  }
  const doc = await store.keySets
    .findOneAndUpdate(
      { _id: setId },
      { $addToSet: { inline: { $each: unique } }, $setOnInsert: { orgId, chunks: {} } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean()
    .exec();
  if ((doc?.inline.length ?? 0) > INLINE_MAX) await flushInline(store, orgId, setId);
}

/** Removes keys from a set (see the header: a removal racing with a move may leave the key). */
export async function removeKeys(store: Store, setId: string, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  const doc = await store.keySets
    .findOneAndUpdate({ _id: setId }, { $pullAll: { inline: unique } }, { returnDocument: 'after' })
    .lean()
    .exec();
  const { chunks } = toDirectory(doc);
  if (chunks.length === 0) return;
  const byChunk = groupByChunk(chunks, unique);
  await Promise.all(
    [...byChunk].map(([index, group]) =>
      store.keySetChunks.updateOne({ _id: chunkDocId(setId, chunks[index]!.id) }, { $pullAll: { keys: group } }).exec(),
    ),
  );
}

/** Deletes a whole set (its group is gone). */
export async function deleteSet(store: Store, setId: string): Promise<void> {
  const doc = await store.keySets.findById(setId).lean().exec();
  const { chunks } = toDirectory(doc);
  await Promise.all(chunks.map((c) => store.keySetChunks.deleteOne({ _id: chunkDocId(setId, c.id) }).exec()));
  await store.keySets.deleteOne({ _id: setId }).exec();
}

/** Moves the directory's waiting keys into chunks; skipped when someone else is already at it. */
async function flushInline(store: Store, orgId: string, setId: string): Promise<void> {
  await withSetLock(store, setId, 'skip-if-busy', async () => {
    const doc = await store.keySets.findById(setId).lean().exec();
    if (!doc || doc.inline.length <= INLINE_MAX) return;
    await mergeIntoChunks(store, orgId, setId, toDirectory(doc), doc.inline);
    // Only the keys that are now in chunks leave: keys added since stay where they are.
    await store.keySets.updateOne({ _id: setId }, { $pullAll: { inline: doc.inline } }).exec();
  });
}

/**
 * Under the lock: adds keys to the chunks that cover them, splitting those that grow too big.
 * Each chunk is read, merged in memory and written whole (FerretDB's `$addToSet` of many values
 * compares each with every element: quadratic). Only the lock holder adds to chunks, so nothing
 * is lost; a removal racing with the write may be undone, which leaves a key too many.
 */
async function mergeIntoChunks(
  store: Store,
  orgId: string,
  setId: string,
  directory: Directory,
  keys: readonly string[],
): Promise<void> {
  if (directory.chunks.length === 0) {
    await writeChunks(store, orgId, setId, { id: newChunkId(), low: '' }, undefined, keys, 'new');
    return;
  }
  const { chunks } = directory;
  for (const [index, group] of groupByChunk(chunks, keys)) {
    const chunk = chunks[index]!;
    const doc = await store.keySetChunks.findById(chunkDocId(setId, chunk.id)).lean().exec();
    const held = doc?.keys ?? [];
    const merged = new Set(held);
    for (const key of group) merged.add(key);
    if (merged.size === held.length && doc) continue;
    await writeChunks(store, orgId, setId, chunk, chunks[index + 1]?.low, [...merged], doc ? 'existing' : 'new');
  }
}

/**
 * Under the lock: writes the keys of one chunk's range, split into chunks of CHUNK_FILL when there
 * are more than CHUNK_MAX (the first piece stays in `chunk`). New chunks are written first, then
 * named in the directory (one update), and only then does `chunk` let go of their keys: at every
 * step each key is in a chunk that covers it. Keys outside the range (left by an earlier split)
 * are dropped.
 */
async function writeChunks(
  store: Store,
  orgId: string,
  setId: string,
  chunk: ChunkRef,
  nextLow: string | undefined,
  keys: readonly string[],
  chunkDoc: 'new' | 'existing',
): Promise<void> {
  const sorted = [...new Set(keys)]
    .filter((key) => compareKeys(key, chunk.low) >= 0 && (nextLow === undefined || compareKeys(key, nextLow) < 0))
    .sort(compareKeys);
  const pieces = sorted.length > CHUNK_MAX ? cutIntoPieces(sorted) : [sorted];
  const fresh = pieces.slice(1).map((piece) => ({ id: newChunkId(), low: piece[0]!, keys: piece }));
  const inserted = chunkDoc === 'new' ? [{ id: chunk.id, low: chunk.low, keys: pieces[0]! }, ...fresh] : fresh;
  if (inserted.length > 0) {
    await store.keySetChunks.insertMany(
      inserted.map((c) => ({ _id: chunkDocId(setId, c.id), orgId, keys: c.keys })),
      { lean: true },
    );
    await store.keySets
      .updateOne({ _id: setId }, { $set: Object.fromEntries(inserted.map((c) => [`chunks.${c.id}`, c.low])) })
      .exec();
  }
  if (chunkDoc === 'existing')
    await store.keySetChunks.updateOne({ _id: chunkDocId(setId, chunk.id) }, { $set: { keys: pieces[0] } }).exec();
}

/** Sorted keys in pieces of CHUNK_FILL; a short last piece joins the one before it. */
function cutIntoPieces(sorted: readonly string[]): string[][] {
  const pieces: string[][] = [];
  for (let start = 0; start < sorted.length; start += CHUNK_FILL) {
    const piece = sorted.slice(start, start + CHUNK_FILL);
    if (piece.length < CHUNK_FILL / 2 && pieces.length > 0) pieces[pieces.length - 1]!.push(...piece);
    else pieces.push(piece);
  }
  return pieces;
}

/**
 * Adds keys to many sets at once (the build): the sets that do not exist yet are created whole in
 * a few inserts, the others (big ones are looked up first) get their keys through addKeys.
 */
export async function addKeysToSets(
  store: Store,
  orgId: string,
  sets: ReadonlyArray<{ setId: string; keys: string[] }>,
): Promise<void> {
  const big = sets.filter((set) => set.keys.length > INLINE_MAX);
  const exists = await Promise.all(big.map((set) => store.keySets.exists({ _id: set.setId }).exec()));
  const existing = new Set(big.filter((_, i) => exists[i]).map((set) => set.setId));
  const duplicates = await createSets(
    store,
    orgId,
    sets.filter((set) => !existing.has(set.setId)),
  );
  for (const id of duplicates) existing.add(id);
  for (const set of sets) if (existing.has(set.setId)) await addKeys(store, orgId, set.setId, set.keys);
}

/**
 * Creates sets that do not exist yet, whole (the build): a directory holding the keys when they
 * are few, chunks otherwise, written before the directory that names them. Returns the ids of the
 * sets that already existed: nothing was written for those (their chunks, if any, are left
 * unnamed), and the caller adds their keys with addKeys.
 */
export async function createSets(
  store: Store,
  orgId: string,
  sets: ReadonlyArray<{ setId: string; keys: readonly string[] }>,
): Promise<string[]> {
  const directories: KeySetDoc[] = [];
  const chunkDocs: Array<{ _id: string; orgId: string; keys: string[] }> = [];
  for (const { setId, keys } of sets) {
    const sorted = [...new Set(keys)].sort(compareKeys);
    if (sorted.length <= INLINE_MAX) {
      directories.push({ _id: setId, orgId, inline: sorted, chunks: {} });
      continue;
    }
    const chunks: Record<string, string> = {};
    cutIntoPieces(sorted).forEach((piece, i) => {
      const id = newChunkId();
      chunks[id] = i === 0 ? '' : piece[0]!;
      chunkDocs.push({ _id: chunkDocId(setId, id), orgId, keys: piece });
    });
    directories.push({ _id: setId, orgId, inline: [], chunks });
  }
  if (chunkDocs.length > 0) await store.keySetChunks.insertMany(chunkDocs, { ordered: false, lean: true });
  try {
    if (directories.length > 0) await store.keySets.insertMany(directories, { ordered: false, lean: true });
    return [];
  } catch (error) {
    // Unordered: every new set is in; the duplicates are the sets that already exist.
    const failed = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
    if (!failed || failed.some((e) => e.code !== 11000)) throw error;
    return failed.map((e) => directories[e.index]!._id);
  }
}

function groupByChunk(chunks: readonly ChunkRef[], keys: readonly string[]): Map<number, string[]> {
  const byChunk = new Map<number, string[]>();
  for (const key of keys) {
    const index = coveringChunk(chunks, key);
    const group = byChunk.get(index);
    if (group) group.push(key);
    else byChunk.set(index, [key]);
  }
  return byChunk;
}

function newChunkId(): string {
  return randomBytes(6).toString('hex');
}

async function withSetLock(
  store: Store,
  setId: string,
  whenBusy: 'wait' | 'skip-if-busy',
  work: () => Promise<void>,
): Promise<void> {
  try {
    await withLock(store, `keyset:${setId}`, work, {
      lifetimeMs: LOCK_LIFETIME_MS,
      waitMs: whenBusy === 'wait' ? LOCK_WAIT_MS : 0,
    });
  } catch (error) {
    // Someone else holds the lock and is moving this set's keys: they will move ours too.
    if (whenBusy === 'skip-if-busy' && error instanceof UbError && error.code === 'conflict') return;
    throw error;
  }
}
