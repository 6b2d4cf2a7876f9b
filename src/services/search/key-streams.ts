import { compareKeys } from './key-set.js';
import type { KeyStream, Seek } from './key-set-reader.js';

/**
 * The keys in every stream, found by leapfrogging: the smallest stream proposes a key, the others
 * jump to their first key at or past it, and the proposer jumps to the furthest of those, until
 * all agree. Each jump is a binary search in a chunk already read or one more chunk read, so the
 * cost follows the keys walked past, not the size of the sets.
 */
export class IntersectionStream implements KeyStream {
  readonly estimate: number;
  private readonly driver: KeyStream;
  private readonly others: KeyStream[];

  constructor(streams: readonly KeyStream[]) {
    if (streams.length === 0) throw new Error('an intersection needs at least one stream');
    const sorted = [...streams].sort((a, b) => a.estimate - b.estimate);
    this.driver = sorted[0]!;
    this.others = sorted.slice(1);
    this.estimate = this.driver.estimate;
  }

  async next(seek: Seek): Promise<string | undefined> {
    let candidate = await this.driver.next(seek);
    while (candidate !== undefined) {
      const from = candidate;
      const found = await Promise.all(this.others.map((s) => s.next({ from, inclusive: true })));
      if (found.some((key) => key === undefined)) return undefined;
      const furthest = (found as string[]).reduce((a, b) => (compareKeys(a, b) >= 0 ? a : b), from);
      if (furthest === from) return from;
      candidate = await this.driver.next({ from: furthest, inclusive: true });
    }
    return undefined;
  }

  async previous(seek: Seek): Promise<string | undefined> {
    let candidate = await this.driver.previous(seek);
    while (candidate !== undefined) {
      const from = candidate;
      const found = await Promise.all(this.others.map((s) => s.previous({ from, inclusive: true })));
      if (found.some((key) => key === undefined)) return undefined;
      const furthest = (found as string[]).reduce((a, b) => (compareKeys(a, b) <= 0 ? a : b), from);
      if (furthest === from) return from;
      candidate = await this.driver.previous({ from: furthest, inclusive: true });
    }
    return undefined;
  }
}

/** The keys in any of the streams (a group admin's groups). */
export class UnionStream implements KeyStream {
  readonly estimate: number;

  constructor(private readonly streams: readonly KeyStream[]) {
    this.estimate = streams.reduce((sum, s) => sum + s.estimate, 0);
  }

  async next(seek: Seek): Promise<string | undefined> {
    const found = await Promise.all(this.streams.map((s) => s.next(seek)));
    return found.reduce<string | undefined>(
      (a, b) => (a === undefined ? b : b === undefined ? a : compareKeys(a, b) <= 0 ? a : b),
      undefined,
    );
  }

  async previous(seek: Seek): Promise<string | undefined> {
    const found = await Promise.all(this.streams.map((s) => s.previous(seek)));
    return found.reduce<string | undefined>(
      (a, b) => (a === undefined ? b : b === undefined ? a : compareKeys(a, b) >= 0 ? a : b),
      undefined,
    );
  }
}
