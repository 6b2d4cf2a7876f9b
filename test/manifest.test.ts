import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { botScopes } from '../src/app.js';

const manifest = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');

/** The items of a YAML list that follows `key:` (the manifest is simple enough not to need a YAML parser). */
function listAfter(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line)) continue;
    const item = /^\s*- (\S+)\s*$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

describe('manifest.yml', () => {
  it('asks for exactly the bot scopes the OAuth installer requests', () => {
    expect(listAfter('bot').sort()).toEqual([...botScopes].sort());
  });

  it('declares /ub with escaped mentions and the events the app handles', () => {
    expect(manifest).toMatch(/- command: \/ub\n(.*\n)*?\s+should_escape: true/);
    expect(listAfter('bot_events')).toEqual(['app_home_opened']);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });

  it('promises in its long description only what ub does today', () => {
    const description = /long_description: >-\n((?:\s{4}.*\n)+)/.exec(manifest)?.[1] ?? '';
    expect(description).toContain('/ub help');
    // Each capability it names is a command the README's table lists (and the tests cover).
    const promises: Array<[RegExp, string]> = [
      [/funnel/i, '`/ub adoption'],
      [/digest/i, '`/ub digest'],
      [/nudge/i, '`/ub nudges'],
      [/CSV reports/i, '`/ub export'],
      [/imports users/i, '`/ub import users'],
      [/approv/i, '`/ub request'],
    ];
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [promise, command] of promises)
      if (promise.test(description))
        expect({ promise: promise.source, listed: readme.includes(command) }).toEqual({
          promise: promise.source,
          listed: true,
        });
  });

  it('names /slack/events in exactly the four lines the README has Socket Mode users delete', () => {
    const eventLines = manifest.split('\n').filter((line) => line.includes('https://ub.example.com/slack/events'));
    expect(eventLines.map((line) => line.trim().split(':')[0])).toEqual([
      'url',
      'request_url',
      'request_url',
      'message_menu_options_url',
    ]);
    expect(manifest).toMatch(/^\s+socket_mode_enabled: false$/m);
  });
});
