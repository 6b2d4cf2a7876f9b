import type { ArgToken } from './tokenize.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { FlagSpec, PositionalSpec, RawArgs } from './subcommand.js';

/**
 * Assigns tokens to a subcommand's positionals and flags. Type checks are the zod schema's job;
 * this only reports what no schema could: unknown or repeated options, missing option values,
 * extra arguments. `hints` say how the text might have been meant (`--group Sales EMEA` was
 * probably `--group "Sales EMEA"`): shown with any problem the request runs into, never alone.
 */
export function parseArguments(
  tokens: ArgToken[],
  spec: { positionals: PositionalSpec[]; flags: Record<string, FlagSpec> },
): { ok: true; raw: RawArgs; hints: string[] } | { ok: false; problems: string[] } {
  const raw: RawArgs = {};
  const problems: string[] = [];
  const hints: string[] = [];
  const positionals: ArgToken[] = [];
  /** Index in `tokens` of each positional, to look at the words that follow it. */
  const positionalAt: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const option = optionName(token);
    if (option === undefined) {
      positionals.push(token);
      positionalAt.push(i);
      continue;
    }
    const [name, inlineValue] = option;
    const flag = spec.flags[name];
    if (!flag) {
      problems.push(`\`--${escapeMrkdwn(name)}\` is not an option of this command`);
      continue;
    }
    let value: ArgToken | true = true;
    if (flag.takesValue) {
      const next = inlineValue ?? tokens[i + 1];
      if (next === undefined || (inlineValue === undefined && optionName(next) !== undefined)) {
        problems.push(`\`--${name}\` needs a value`);
        continue;
      }
      if (inlineValue === undefined) i++;
      value = next;
      if (flag.mayHaveSpaces && inlineValue === undefined) {
        const hint = quoteHint(`--${name} `, tokens, i);
        if (hint) hints.push(hint);
      }
    } else if (inlineValue !== undefined) {
      problems.push(`\`--${name}\` takes no value`);
      continue;
    }
    const previous = raw[name];
    if (previous !== undefined && !flag.repeatable) {
      problems.push(`\`--${name}\` is given more than once`);
    } else if (flag.repeatable && value !== true) {
      raw[name] = [...((previous as ArgToken[] | undefined) ?? []), value];
    } else {
      raw[name] = value;
    }
  }
  let next = 0;
  for (const positional of spec.positionals) {
    if (positional.variadic) {
      raw[positional.name] = positionals.slice(next);
      next = positionals.length;
    } else if (next < positionals.length) {
      if (positional.mayHaveSpaces) {
        const hint = quoteHint('', tokens, positionalAt[next]!);
        if (hint) hints.push(hint);
      }
      raw[positional.name] = positionals[next++];
    }
  }
  if (next < positionals.length) {
    const extra = positionals
      .slice(next)
      .map((t) => `\`${escapeMrkdwn(t.value)}\``)
      .join(' ');
    problems.push(`too many arguments: ${extra}`);
  }
  return problems.length > 0 ? { ok: false, problems: [...problems, ...hints] } : { ok: true, raw, hints };
}

/**
 * When the unquoted word at `at` is followed by more plain words (no option, address or
 * mention), the name was probably meant to include them: "did you mean `--group "Sales EMEA"`?".
 */
function quoteHint(prefix: string, tokens: ArgToken[], at: number): string | undefined {
  const first = tokens[at];
  if (!first || first.kind !== 'text' || first.quoted) return undefined;
  const words = [first.value];
  for (let j = at + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'text' || t.quoted || optionName(t) !== undefined || t.value.includes('@')) break;
    words.push(t.value);
  }
  if (words.length < 2) return undefined;
  return `Names with spaces need quotes: did you mean \`${escapeMrkdwn(`${prefix}"${words.join(' ')}"`)}\`?`;
}

/**
 * `--name`, `--name=value`; also `—name` because Slack clients and macOS turn `--` into an em dash.
 * Returns undefined for anything that is not an option (quoted text never is).
 */
function optionName(token: ArgToken): [string, ArgToken | undefined] | undefined {
  if (token.kind !== 'text' || token.quoted) {
    if (
      token.kind === 'text' &&
      token.quoted &&
      /^(--|\u2014|\u2013)[a-z]/i.test(token.value) &&
      token.value.includes('=')
    ) {
      // `--group="Data Eng"` arrives as one quoted token from the tokenizer.
      return splitInline(token.value.replace(/^(--|\u2014|\u2013)/, ''), true);
    }
    return undefined;
  }
  const match = /^(?:--|\u2014|\u2013)([a-z][a-z0-9-]*)(?:=(.*))?$/i.exec(token.value);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  return [name, match[2] === undefined ? undefined : { kind: 'text', value: match[2], quoted: false }];
}

function splitInline(text: string, quoted: boolean): [string, ArgToken] {
  const at = text.indexOf('=');
  return [text.slice(0, at).toLowerCase(), { kind: 'text', value: text.slice(at + 1), quoted }];
}
