import type { Store } from '../store.js';
import { CHUNK_FILL, chunkDocId, compareKeys, coveringChunk, toDirectory, type Directory } from './key-set.js';

/** Where to look from a key: the keys after it (or before it), the key itself included or not. */
export interface Seek {
  from: string | undefined;
  inclusive: boolean;
}

/** What query plans walk: a sorted key stream that can jump to a key in either direction. */
export interface KeyStream {
  /** About how many keys: the smallest stream drives an intersection. */
  readonly estimate: number;
  /** The first key at or after `seek.from` (the first of all without one). */
  next(seek: Seek): Promise<string | undefined>;
  /** The last key at or before `seek.from` (the last of all without one). */
  previous(seek: Seek): Promise<string | undefined>;
}

/**
 * One set as read by one query: its directory (one `_id` read), and its chunks read when the walk
 * reaches them, each once. A chunk's keys outside its range (left behind by a split) are ignored.
 */
export class KeySetReader implements KeyStream {
  readonly estimate: number;
  private readonly inline: string[];
  private readonly loaded = new Map<number, Promise<string[]>>();

  private constructor(
    private readonly store: Store,
    private readonly setId: string,
    private readonly directory: Directory,
  ) {
    this.inline = sortedUnique(directory.inline);
    const chunks = directory.chunks.length;
    this.estimate = this.inline.length + (chunks === 0 ? 0 : (chunks - 0.5) * CHUNK_FILL);
  }

  static async open(store: Store, setId: string): Promise<KeySetReader> {
    const doc = await store.keySets.findById(setId).lean().exec();
    return new KeySetReader(store, setId, toDirectory(doc));
  }

  /** True when the set has no key at all (nothing was ever added, or everything removed from the directory). */
  get isEmpty(): boolean {
    return this.inline.length === 0 && this.directory.chunks.length === 0;
  }

  /** True when every key is in the directory itself: checking a key costs no further read. */
  get fitsInDirectory(): boolean {
    return this.directory.chunks.length === 0;
  }

  async next(seek: Seek): Promise<string | undefined> {
    const fromInline = firstAtOrAfter(this.inline, seek);
    const { chunks } = this.directory;
    for (let i = seek.from === undefined ? 0 : coveringChunk(chunks, seek.from); i < chunks.length; i += 1) {
      // Chunk i and the ones after it only hold keys from its low on: past a waiting key, stop.
      if (fromInline !== undefined && compareKeys(fromInline, chunks[i]!.low) < 0) return fromInline;
      const hit = firstAtOrAfter(await this.chunkKeys(i), seek);
      if (hit !== undefined) return fromInline !== undefined && compareKeys(fromInline, hit) < 0 ? fromInline : hit;
    }
    return fromInline;
  }

  async previous(seek: Seek): Promise<string | undefined> {
    const fromInline = lastAtOrBefore(this.inline, seek);
    const { chunks } = this.directory;
    if (chunks.length === 0) return fromInline;
    for (let i = seek.from === undefined ? chunks.length - 1 : coveringChunk(chunks, seek.from); i >= 0; i -= 1) {
      const nextLow = chunks[i + 1]?.low;
      if (fromInline !== undefined && nextLow !== undefined && compareKeys(fromInline, nextLow) >= 0) return fromInline;
      const hit = lastAtOrBefore(await this.chunkKeys(i), seek);
      if (hit !== undefined) return fromInline !== undefined && compareKeys(fromInline, hit) > 0 ? fromInline : hit;
    }
    return fromInline;
  }

  private chunkKeys(index: number): Promise<string[]> {
    let keys = this.loaded.get(index);
    if (!keys) {
      const { chunks } = this.directory;
      const low = chunks[index]!.low;
      const high = chunks[index + 1]?.low;
      keys = this.store.keySetChunks
        .findById(chunkDocId(this.setId, chunks[index]!.id))
        .lean()
        .exec()
        .then((doc) =>
          sortedUnique(
            (doc?.keys ?? []).filter(
              (key) => compareKeys(key, low) >= 0 && (high === undefined || compareKeys(key, high) < 0),
            ),
          ),
        );
      this.loaded.set(index, keys);
    }
    return keys;
  }
}

function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort(compareKeys);
}

/** Binary search in sorted keys. */
function firstAtOrAfter(sorted: readonly string[], seek: Seek): string | undefined {
  if (seek.from === undefined) return sorted[0];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareKeys(sorted[mid]!, seek.from);
    if (c < 0 || (c === 0 && !seek.inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

function lastAtOrBefore(sorted: readonly string[], seek: Seek): string | undefined {
  if (seek.from === undefined) return sorted[sorted.length - 1];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareKeys(sorted[mid]!, seek.from);
    if (c < 0 || (c === 0 && seek.inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : sorted[lo - 1];
}
