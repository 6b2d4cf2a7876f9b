import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * The shape of src/ as STYLE.md draws it, checked over every import (type-only ones too):
 * no cycles, the layers import only downwards, and a feature folder never reaches into another
 * feature's folder (what two features share lives in a shared module, or, for services, in the
 * owning feature's *-repository.ts). ESLint's no-restricted-imports says the same per file;
 * this sees the whole graph.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = path.join(root, 'src');

/** The one module of src/slack that may import src/commands: it registers the features. */
const REGISTRATION = 'slack/listeners/register.ts';
const LAYERS_WITH_FEATURES = ['commands', 'services', 'views'];

interface Import {
  from: string;
  /** A module of src/ (relative to it), or a package name. */
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = path.relative(src, file).split(path.sep).join('/');
  const found: Import[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (!specifier.startsWith('.')) {
      found.push({
        from,
        to: specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!,
      });
      continue;
    }
    const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
    found.push({ from, to: path.relative(src, target).split(path.sep).join('/') });
  }
  return found;
}

const files = sourceFiles(src);
const imports = files.flatMap(importsOf);
const internal = imports.filter((i) => i.to.endsWith('.ts'));

const layer = (module: string) => module.split('/')[0]!;
/** `people` for `commands/people/user.ts`; undefined for a layer's shared modules. */
const feature = (module: string) => {
  const parts = module.split('/');
  return LAYERS_WITH_FEATURES.includes(parts[0]!) && parts.length > 2 && parts[1] !== 'models' ? parts[1] : undefined;
};
const show = (list: Import[]) => list.map((i) => `${i.from} -> ${i.to}`);

describe('the import graph of src/', () => {
  it('reads every module and resolves every relative import to a file', () => {
    expect(files.length).toBeGreaterThan(50);
    const known = new Set(files.map((f) => path.relative(src, f).split(path.sep).join('/')));
    expect(show(internal.filter((i) => !known.has(i.to)))).toEqual([]);
  });

  it('has no cycle, type-only imports included', () => {
    const edges = new Map<string, string[]>();
    for (const i of internal) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of edges.get(node) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of edges.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it('imports src/commands from src/slack in one place only, the registration of the features', () => {
    const upward = internal.filter((i) => layer(i.from) === 'slack' && layer(i.to) === 'commands');
    expect([...new Set(upward.map((i) => i.from))]).toEqual([REGISTRATION]);
  });

  it('keeps services free of commands, views and slack', () => {
    expect(
      show(
        internal.filter((i) => layer(i.from) === 'services' && ['commands', 'views', 'slack'].includes(layer(i.to))),
      ),
    ).toEqual([]);
  });

  it('keeps views pure: no commands, slack, database, models or mongoose', () => {
    const bad = imports.filter(
      (i) =>
        layer(i.from) === 'views' &&
        (['commands', 'slack', 'db', 'jobs'].includes(layer(i.to)) ||
          i.to.startsWith('services/models/') ||
          i.to === 'mongoose'),
    );
    expect(show(bad)).toEqual([]);
  });

  it('keeps commands away from mongoose, the models and the database', () => {
    const bad = imports.filter(
      (i) =>
        layer(i.from) === 'commands' &&
        (i.to === 'mongoose' || i.to.startsWith('services/models/') || layer(i.to) === 'db'),
    );
    expect(show(bad)).toEqual([]);
  });

  it('lets only services, the database and jobs touch mongoose', () => {
    expect(
      show(imports.filter((i) => i.to === 'mongoose' && !['services', 'db', 'jobs'].includes(layer(i.from)))),
    ).toEqual([]);
  });

  it("never reaches into another feature's folder, except a services feature's *-repository.ts", () => {
    const bad = internal.filter((i) => {
      const mine = feature(i.from);
      const theirs = feature(i.to);
      if (mine === undefined || theirs === undefined || mine === theirs) return false;
      return !(layer(i.to) === 'services' && i.to.endsWith('-repository.ts'));
    });
    expect(show(bad)).toEqual([]);
  });
});
