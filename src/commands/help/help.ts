import { z } from 'zod';
import { mayEverDo, whoMayDo } from '../../services/authorization.js';
import type { ServiceContext } from '../../services/context.js';
import { myStanding, type MyStanding } from '../../services/my-standing.js';
import {
  helpDetailBlocks,
  helpFamilyBlocks,
  helpOverviewBlocks,
  type HelpEntry,
} from '../../views/help/help-blocks.js';
import { problemMessage } from '../../views/error-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { argToken } from '../../slack/kit/arg-schemas.js';
import { closestMatch } from '../../slack/kit/closest-match.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { CommandRouter } from '../../slack/kit/router.js';
import { defineSubcommand, usageLine, type Subcommand } from '../../slack/kit/subcommand.js';

/** `/ub help [subcommand or family]`, generated from the router's own definitions. */
export function helpSubcommand(router: CommandRouter): Subcommand {
  return defineSubcommand({
    name: 'help',
    usage: '[command]',
    summary: 'What you can do in ub, or one command (or family, such as `group`) explained.',
    details: [
      '`/ub help` lists the commands you can run; `/ub help group` the group commands; `/ub help group add` explains one.',
    ],
    reply: 'ephemeral',
    // Help answers even when nobody can be looked up (the database is down): then it lists every command.
    withoutContext: true,
    positionals: [{ name: 'command', variadic: true }],
    schema: z.object({
      command: z
        .array(argToken)
        .max(2, 'names one command, such as `invite` or `group add`')
        .transform((tokens) => tokens.map((t) => t.value.toLowerCase()).join(' ')),
    }),
    handle: async (request, input) => {
      const subcommands = router.list();
      if (!input.command) {
        const viewer = await viewerOf(request);
        const entries = viewer
          ? subcommands.filter((s) => mayRun(viewer.ctx, s)).map(helpEntry)
          : subcommands.map(helpEntry);
        await request.reply(helpOverviewBlocks({ entries, standing: viewer?.standing }));
        return;
      }
      const name = input.command.replace(/^\/?ub\s+/, '');
      const family = router.family(name);
      if (family.length > 0) {
        await request.reply(helpFamilyBlocks(name, family.map(helpEntry)));
        return;
      }
      const found = router.find(name);
      if (found) {
        await request.reply(helpDetailBlocks(helpEntry(found)));
        return;
      }
      const guess = closestMatch(
        name,
        subcommands.map((s) => s.name),
      );
      await request.reply(
        problemMessage({
          problems: [`\`${escapeMrkdwn(name)}\` is not a ub command.${guess ? ` Did you mean \`/ub ${guess}\`?` : ''}`],
          helpCommand: '/ub help',
        }),
      );
    },
  });
}

/** Who is asking, or undefined when they cannot be looked up (help then lists everything). */
async function viewerOf(request: CommandRequest): Promise<{ ctx: ServiceContext; standing: MyStanding } | undefined> {
  try {
    const ctx = await request.serviceContext();
    return { ctx, standing: await myStanding(ctx) };
  } catch (error) {
    request.deps.log.warn('help: could not look the person up, listing every command', {
      requestId: request.requestId,
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The same rule the services enforce (services/authorization.ts), asked for "anywhere". */
function mayRun(ctx: ServiceContext, subcommand: Subcommand): boolean {
  return subcommand.permission === undefined || mayEverDo(ctx.actor, subcommand.permission);
}

function helpEntry(subcommand: Subcommand): HelpEntry {
  return {
    usage: usageLine(subcommand),
    summary: subcommand.summary,
    details: subcommand.details,
    who: subcommand.permission === undefined ? 'everyone' : whoMayDo(subcommand.permission),
    reply: subcommand.reply,
    hasModal: subcommand.hasModal,
  };
}
