import { beforeEach, describe, expect, it } from '@jest/globals';
import { addKeys, CHUNK_MAX, INLINE_MAX, removeKeys, deleteSet } from '../../../src/services/search/key-set.js';
import { KeySetReader } from '../../../src/services/search/key-set-reader.js';
import { IntersectionStream, UnionStream } from '../../../src/services/search/key-streams.js';
import type { KeyStream } from '../../../src/services/search/key-set-reader.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
});

const ORG = 'T_KEYS';
const key = (i: number) => `person${String(i).padStart(5, '0')}@example.com`;
const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

/** Every key of a stream, walked forwards (or backwards), one seek at a time. */
async function walk(stream: KeyStream, direction: 'next' | 'previous' = 'next'): Promise<string[]> {
  const keys: string[] = [];
  let from: string | undefined;
  for (;;) {
    const found = await stream[direction]({ from, inclusive: false });
    if (found === undefined) return direction === 'next' ? keys : keys.reverse();
    keys.push(found);
    from = found;
  }
}

const open = (name: string) => KeySetReader.open(t.store, `${ORG}:${name}`);
const chunkCount = async (name: string) =>
  Object.keys((await t.store.keySets.findById(`${ORG}:${name}`).lean().exec())?.chunks ?? {}).length;

describe('sorted key sets', () => {
  it('keep every key added one by one or in bulk, in order both ways, split into chunks as they grow', async () => {
    const keys = Array.from({ length: 3 * CHUNK_MAX }, (_, i) => key(i));
    const shuffled = [...keys].sort(() => Math.random() - 0.5);
    await addKeys(t.store, ORG, `${ORG}:s`, shuffled.slice(0, 2 * CHUNK_MAX));
    for (const k of shuffled.slice(2 * CHUNK_MAX, 2 * CHUNK_MAX + INLINE_MAX + 10))
      await addKeys(t.store, ORG, `${ORG}:s`, [k]);
    await addKeys(t.store, ORG, `${ORG}:s`, shuffled.slice(2 * CHUNK_MAX + INLINE_MAX + 10));
    expect(await chunkCount('s')).toBeGreaterThan(3);
    expect(await walk(await open('s'))).toEqual(keys);
    expect(await walk(await open('s'), 'previous')).toEqual(keys);
  });

  it('jump to the first key at or after (and the last at or before) any point', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => key(i * 2));
    await addKeys(t.store, ORG, `${ORG}:s`, keys);
    const set = await open('s');
    expect(await set.next({ from: key(501), inclusive: true })).toBe(key(502));
    expect(await set.next({ from: key(502), inclusive: true })).toBe(key(502));
    expect(await set.next({ from: key(502), inclusive: false })).toBe(key(504));
    expect(await set.previous({ from: key(501), inclusive: true })).toBe(key(500));
    expect(await set.previous({ from: key(500), inclusive: false })).toBe(key(498));
    expect(await set.next({ from: key(1998), inclusive: false })).toBeUndefined();
    expect(await set.previous({ from: key(0), inclusive: false })).toBeUndefined();
    expect(await set.next({ from: undefined, inclusive: false })).toBe(key(0));
    expect(await set.previous({ from: undefined, inclusive: false })).toBe(key(1998));
  });

  it('lose no key when many writers add at once, one by one and in bulk', async () => {
    const singles = Array.from({ length: 150 }, (_, i) => key(i * 7));
    const bulk = Array.from({ length: 4 }, (_, b) => Array.from({ length: 300 }, (_, i) => key(2000 + b * 300 + i)));
    await Promise.all([
      ...singles.map((k) => addKeys(t.store, ORG, `${ORG}:s`, [k])),
      ...bulk.map((keys) => addKeys(t.store, ORG, `${ORG}:s`, keys)),
    ]);
    expect(await walk(await open('s'))).toEqual(sorted([...singles, ...bulk.flat()]));
  });

  it('forget removed keys, wherever they are, and a deleted set entirely', async () => {
    const keys = Array.from({ length: 900 }, (_, i) => key(i));
    await addKeys(t.store, ORG, `${ORG}:s`, keys);
    const late = [key(5000), key(5001)];
    await addKeys(t.store, ORG, `${ORG}:s`, late);
    const gone = [...keys.filter((_, i) => i % 3 === 0), late[0]!];
    await removeKeys(t.store, `${ORG}:s`, gone);
    expect(await walk(await open('s'))).toEqual(sorted([...keys, ...late]).filter((k) => !gone.includes(k)));
    await deleteSet(t.store, `${ORG}:s`);
    expect((await open('s')).isEmpty).toBe(true);
    expect(await t.store.keySetChunks.countDocuments({ _id: { $regex: `^${ORG}:s#` } })).toBe(0);
  });

  it('intersect and unite sets in key order by leapfrogging', async () => {
    const evens = Array.from({ length: 700 }, (_, i) => key(i * 2));
    const threes = Array.from({ length: 470 }, (_, i) => key(i * 3));
    const few = [key(6), key(7), key(600), key(1200), key(1395)];
    await addKeys(t.store, ORG, `${ORG}:evens`, evens);
    await addKeys(t.store, ORG, `${ORG}:threes`, threes);
    await addKeys(t.store, ORG, `${ORG}:few`, few);
    const both = new IntersectionStream([await open('evens'), await open('threes')]);
    expect(await walk(both)).toEqual(evens.filter((k) => threes.includes(k)));
    const three = new IntersectionStream([await open('evens'), await open('threes'), await open('few')]);
    expect(await walk(three)).toEqual([key(6), key(600), key(1200)]);
    expect(await walk(three, 'previous')).toEqual([key(6), key(600), key(1200)]);
    const either = new UnionStream([await open('few'), await open('threes')]);
    expect(await walk(either)).toEqual(sorted([...few, ...threes]));
  });
});
