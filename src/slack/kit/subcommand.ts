import type { z } from 'zod';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { ArgToken } from './tokenize.js';
import type { Action as AuthorizedAction } from '../../services/authorization.js';
import type { ServiceContext } from '../../services/context.js';
import type { CommandRequest } from './request.js';

export interface PositionalSpec {
  name: string;
  /** Collects every remaining positional token. */
  variadic?: boolean;
  /** A name that may hold spaces (a group): typed without quotes, the words after it get a hint to quote it. */
  mayHaveSpaces?: boolean;
}

export interface FlagSpec {
  /** `--group <name>` takes a value; `--pro` does not. */
  takesValue: boolean;
  repeatable?: boolean;
  /** See PositionalSpec.mayHaveSpaces. */
  mayHaveSpaces?: boolean;
}

/** What the argument parser hands a subcommand's zod schema: tokens by argument name. */
export type RawArgs = Record<string, ArgToken | ArgToken[] | true | undefined>;

/** Who a reply is shown to; help states it so nobody is surprised by a message in channel. */
export type ReplyVisibility = 'ephemeral' | 'in_channel';

/**
 * One `/ub` subcommand: the one definition its parser, its help and its handler come from.
 * The handler (and the form opener) get the service context of the person who typed it, built
 * by the kit; `withoutContext: true` is for the rare subcommand that must answer even when
 * nobody can be looked up (help).
 */
export type SubcommandSpec<Input> = SubcommandInfo<Input> &
  (
    | {
        withoutContext?: undefined;
        /** Opens a modal for the same action when the subcommand is given without arguments. */
        openModal?: (request: CommandRequest, ctx: ServiceContext) => Promise<void>;
        handle(request: CommandRequest, input: Input, ctx: ServiceContext): Promise<void>;
      }
    | {
        withoutContext: true;
        openModal?: (request: CommandRequest) => Promise<void>;
        handle(request: CommandRequest, input: Input): Promise<void>;
      }
  );

interface SubcommandInfo<Input> {
  /** One or two words: `invite`, `group add`. */
  name: string;
  /** Arguments after the name, as shown in help: `<email> [--group <name>]...`. */
  usage: string;
  summary: string;
  details?: string[];
  /**
   * What it needs, as the services' authorization names it (services/authorization.ts); none
   * when everyone may run it. Help reads who may run it from there, so the rule lives once.
   */
  permission?: AuthorizedAction;
  reply: ReplyVisibility;
  positionals: PositionalSpec[];
  flags?: Record<string, FlagSpec>;
  /** Over RawArgs: tokens by argument name (see arg-schemas.ts). */
  schema: z.ZodType<Input>;
}

/** A subcommand with its input type sealed in, so the router can hold a list of them. */
export interface Subcommand {
  name: string;
  usage: string;
  summary: string;
  details: string[];
  permission: AuthorizedAction | undefined;
  reply: ReplyVisibility;
  positionals: PositionalSpec[];
  flags: Record<string, FlagSpec>;
  hasModal: boolean;
  openModal(request: CommandRequest): Promise<void>;
  parse(
    raw: RawArgs,
  ): { ok: true; run: (request: CommandRequest) => Promise<void> } | { ok: false; problems: string[] };
}

export function defineSubcommand<Input>(spec: SubcommandSpec<Input>): Subcommand {
  return {
    name: spec.name,
    usage: spec.usage,
    summary: spec.summary,
    details: spec.details ?? [],
    permission: spec.permission,
    reply: spec.reply,
    positionals: spec.positionals,
    flags: spec.flags ?? {},
    hasModal: spec.openModal !== undefined,
    openModal: async (request) => {
      if (!spec.openModal) throw new Error(`${spec.name} has no modal`);
      if (spec.withoutContext) await spec.openModal(request);
      else await spec.openModal(request, await request.serviceContext());
    },
    parse: (raw) => {
      const result = spec.schema.safeParse(raw);
      if (!result.success)
        return { ok: false, problems: result.error.issues.map((issue) => describeIssue(spec, issue)) };
      const input = result.data;
      if (spec.withoutContext) return { ok: true, run: (request) => spec.handle(request, input) };
      return { ok: true, run: async (request) => spec.handle(request, input, await request.serviceContext()) };
    },
  };
}

function describeIssue(spec: Pick<SubcommandInfo<unknown>, 'flags'>, issue: z.core.$ZodIssue): string {
  const [name, index] = issue.path;
  if (typeof name !== 'string') return issue.message;
  const label = spec.flags && name in spec.flags ? `--${name}` : `<${name}>`;
  const which = typeof index === 'number' ? ` (${ordinal(index + 1)} value)` : '';
  return `\`${escapeMrkdwn(label)}\`${which} ${issue.message}`;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

export function usageLine(subcommand: Pick<Subcommand, 'name' | 'usage'>): string {
  return `/ub ${subcommand.name}${subcommand.usage ? ` ${subcommand.usage}` : ''}`;
}
