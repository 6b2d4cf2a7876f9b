import type { CommandRequest } from './request.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { closestMatch } from './closest-match.js';
import { parseArguments } from './parse-arguments.js';
import { usageLine, type Subcommand } from './subcommand.js';
import { tokenize, TokenizeError, type ArgToken } from './tokenize.js';

export type Route =
  | {
      kind: 'run';
      subcommand: Subcommand;
      run: (request: CommandRequest) => Promise<void>;
      /** How the text might have been meant, added to any problem the run reports (parseArguments). */
      hints: string[];
    }
  | { kind: 'modal'; subcommand: Subcommand }
  | { kind: 'problem'; problems: string[]; usage?: string; helpCommand: string };

/**
 * `/ub <subcommand> ...` → the subcommand and its parsed input, or the problem to show.
 * Two-word subcommands (`group add`) win over one-word ones with the same first word.
 */
export class CommandRouter {
  private readonly subcommands: Subcommand[] = [];

  add(...subcommands: Subcommand[]): this {
    for (const subcommand of subcommands) {
      if (this.find(subcommand.name)) throw new Error(`subcommand ${subcommand.name} is defined twice`);
      this.subcommands.push(subcommand);
    }
    return this;
  }

  list(): readonly Subcommand[] {
    return this.subcommands;
  }

  /** The subcommands of a family (`group` → `group add`, `group list`, …), and the one named so itself. */
  family(name: string): Subcommand[] {
    const wanted = name.trim().toLowerCase().replace(/\s+/g, ' ');
    if (wanted === '' || wanted.includes(' ')) return [];
    const members = this.subcommands.filter((s) => s.name.startsWith(`${wanted} `));
    if (members.length === 0) return [];
    const itself = this.find(wanted);
    return itself ? [itself, ...members] : members;
  }

  find(name: string): Subcommand | undefined {
    const wanted = name.trim().toLowerCase().replace(/\s+/g, ' ');
    return this.subcommands.find((s) => s.name === wanted);
  }

  route(text: string): Route {
    let tokens: ArgToken[];
    try {
      tokens = tokenize(text);
    } catch (error) {
      if (error instanceof TokenizeError)
        return { kind: 'problem', problems: [escapeMrkdwn(error.message)], helpCommand: '/ub help' };
      throw error;
    }
    const words = tokens.map((t) => (t.kind === 'text' && !t.quoted ? t.value.toLowerCase() : undefined));
    if (words.length === 0) return this.route('help');

    const match = this.matchName(words);
    // `/ub group` alone: what the family's commands are, as `/ub help group` shows them.
    if (!match && tokens.length === 1 && words[0] && this.family(words[0]).length > 0 && this.find('help'))
      return this.route(`help ${words[0]}`);
    if (!match) return this.unknown(tokens[0]!.value, words);
    const { subcommand, consumed } = match;
    const rest = tokens.slice(consumed);
    if (rest.length === 0 && subcommand.hasModal) return { kind: 'modal', subcommand };

    const helpCommand = `/ub help ${subcommand.name}`;
    const parsed = parseArguments(rest, subcommand);
    if (!parsed.ok) return { kind: 'problem', problems: parsed.problems, usage: usageLine(subcommand), helpCommand };
    const input = subcommand.parse(parsed.raw);
    if (!input.ok)
      return {
        kind: 'problem',
        problems: [...input.problems, ...parsed.hints],
        usage: usageLine(subcommand),
        helpCommand,
      };
    return { kind: 'run', subcommand, run: input.run, hints: parsed.hints };
  }

  private matchName(words: Array<string | undefined>): { subcommand: Subcommand; consumed: number } | undefined {
    const [first, second] = words;
    if (!first) return undefined;
    const twoWords = second ? this.find(`${first} ${second}`) : undefined;
    if (twoWords) return { subcommand: twoWords, consumed: 2 };
    const oneWord = this.find(first);
    return oneWord ? { subcommand: oneWord, consumed: 1 } : undefined;
  }

  private unknown(typed: string, words: Array<string | undefined>): Route {
    const names = this.subcommands.map((s) => s.name);
    const [first, second] = words;
    const family = names.filter((n) => n.startsWith(`${first} `));
    // `/ub group ad`: the first word is a family, suggest within it.
    const guess =
      family.length > 0
        ? (second && closestMatch(`${first} ${second}`, family)) || undefined
        : closestMatch(first ?? typed, names.filter((n) => !n.includes(' ')).concat(uniqueFirstWords(names)));
    const shown = family.length > 0 ? `${first}${second ? ` ${second}` : ''}` : typed;
    const problems = [
      `\`${escapeMrkdwn(shown)}\` is not a ub command.${guess ? ` Did you mean \`/ub ${guess}\`?` : ''}`,
    ];
    if (family.length > 0 && !guess)
      problems.push(`\`/ub ${first}\` takes one of: ${family.map((n) => n.split(' ')[1]).join(', ')}`);
    const suggested = guess ? this.find(guess) : undefined;
    return {
      kind: 'problem',
      problems,
      ...(suggested ? { usage: usageLine(suggested) } : {}),
      helpCommand: suggested ? `/ub help ${suggested.name}` : '/ub help',
    };
  }
}

function uniqueFirstWords(names: string[]): string[] {
  return [...new Set(names.filter((n) => n.includes(' ')).map((n) => n.split(' ')[0]!))];
}
