import { describe, expect, it } from '@jest/globals';
import { tokenize, TokenizeError } from '../../../src/slack/kit/tokenize.js';

describe('tokenize', () => {
  it('splits words on any whitespace', () => {
    expect(tokenize('  invite \t a@b.co  ').map((t) => t.value)).toEqual(['invite', 'a@b.co']);
  });

  it('keeps a quoted phrase as one value, with straight or curly quotes', () => {
    expect(tokenize('group add --group "Data Eng" \u201cSales Team\u201d \'Ops  EU\'').map((t) => t.value)).toEqual([
      'group',
      'add',
      '--group',
      'Data Eng',
      'Sales Team',
      'Ops  EU',
    ]);
  });

  it('joins a quoted value to its option: --group="Data Eng"', () => {
    expect(tokenize('--group="Data Eng"')).toEqual([{ kind: 'text', value: '--group=Data Eng', quoted: true }]);
  });

  it('does not treat an apostrophe inside a name as a quote', () => {
    expect(tokenize("rename Sales O'Brien's").map((t) => t.value)).toEqual(['rename', 'Sales', "O'Brien's"]);
  });

  it("reads Slack's escaped mentions, channels and mailto links", () => {
    expect(tokenize('invite <@U123ABC|alice> <#C42|general> <mailto:Bob@Example.com|Bob@Example.com>')).toEqual([
      { kind: 'text', value: 'invite', quoted: false },
      { kind: 'user', value: 'U123ABC', label: 'alice' },
      { kind: 'channel', value: 'C42', label: 'general' },
      { kind: 'email', value: 'Bob@Example.com' },
    ]);
  });

  it('reads a mention without a label', () => {
    expect(tokenize('<@W0001>')).toEqual([{ kind: 'user', value: 'W0001', label: undefined }]);
  });

  it('decodes the entities Slack escapes', () => {
    expect(tokenize('"R&amp;D &lt;core&gt;"')[0]!.value).toBe('R&D <core>');
  });

  it('refuses an unclosed quote, saying where', () => {
    expect(() => tokenize('group create "Data Eng')).toThrow(TokenizeError);
    expect(() => tokenize('group create "Data Eng')).toThrow(/quote is not closed: "Data Eng/);
  });

  it('gives nothing for empty text', () => {
    expect(tokenize('')).toEqual([]);
  });
});
