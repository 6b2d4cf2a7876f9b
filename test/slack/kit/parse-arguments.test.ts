import { describe, expect, it } from '@jest/globals';
import { parseArguments } from '../../../src/slack/kit/parse-arguments.js';
import { tokenize } from '../../../src/slack/kit/tokenize.js';

const spec = {
  positionals: [{ name: 'people', variadic: true }],
  flags: {
    group: { takesValue: true, repeatable: true },
    role: { takesValue: true },
    pro: { takesValue: false },
  },
};

const values = (raw: unknown) =>
  JSON.parse(JSON.stringify(raw, (_k, v) => (v && typeof v === 'object' && 'kind' in v ? v.value : v)));

describe('parseArguments', () => {
  it('collects repeated options and positionals in order', () => {
    const result = parseArguments(tokenize('a@x.co --group "Data Eng" b@x.co --group=Sales --pro --role admin'), spec);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(values(result.raw)).toEqual({
        people: ['a@x.co', 'b@x.co'],
        group: ['Data Eng', 'Sales'],
        pro: true,
        role: 'admin',
      });
    }
  });

  it('accepts the em dash Slack clients substitute for --', () => {
    const result = parseArguments(tokenize('a@x.co \u2014group Sales \u2014pro'), spec);
    expect(result.ok && values(result.raw)).toEqual({ people: ['a@x.co'], group: ['Sales'], pro: true });
  });

  it('reports every problem at once: unknown option, missing value, repeated single option', () => {
    const result = parseArguments(tokenize('a@x.co --colour red --role admin --role user --group'), spec);
    expect(result).toEqual({
      ok: false,
      problems: [
        '`--colour` is not an option of this command',
        '`--role` is given more than once',
        '`--group` needs a value',
      ],
    });
  });

  it('does not take the next option as a value', () => {
    expect(parseArguments(tokenize('--role --pro'), spec)).toEqual({ ok: false, problems: ['`--role` needs a value'] });
  });

  it('refuses a value on a switch', () => {
    expect(parseArguments(tokenize('--pro=yes'), spec)).toEqual({ ok: false, problems: ['`--pro` takes no value'] });
  });

  it('reports arguments beyond the last positional', () => {
    const single = { positionals: [{ name: 'email' }], flags: {} };
    expect(parseArguments(tokenize('a@x.co b@x.co'), single)).toEqual({
      ok: false,
      problems: ['too many arguments: `b@x.co`'],
    });
  });

  it('keeps a quoted "--text" as a value, not an option', () => {
    const result = parseArguments(tokenize('"--not-an-option"'), spec);
    expect(result.ok && values(result.raw)).toEqual({ people: ['--not-an-option'] });
  });
});
