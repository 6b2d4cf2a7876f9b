import { z } from 'zod';
import { helpDetailBlocks, helpOverviewBlocks, type HelpEntry } from '../../views/help/help-blocks.js';
import { problemMessage } from '../../views/error-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { argToken } from '../../slack/kit/arg-schemas.js';
import { closestMatch } from '../../slack/kit/closest-match.js';
import type { CommandRouter } from '../../slack/kit/router.js';
import { defineSubcommand, usageLine, type Subcommand } from '../../slack/kit/subcommand.js';

/** `/ub help [subcommand]`, generated from the router's own definitions. */
export function helpSubcommand(router: CommandRouter): Subcommand {
  return defineSubcommand({
    name: 'help',
    usage: '[command]',
    summary: 'List the ub commands, or explain one.',
    details: ['`/ub help` lists every command; `/ub help group add` explains one.'],
    audience: 'everyone',
    reply: 'ephemeral',
    // Help answers even when nobody can be looked up (the database is down): it needs no context.
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
        await request.reply(helpOverviewBlocks(subcommands.map(helpEntry)));
        return;
      }
      const name = input.command.replace(/^\/?ub\s+/, '');
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

function helpEntry(subcommand: Subcommand): HelpEntry {
  return {
    usage: usageLine(subcommand),
    summary: subcommand.summary,
    details: subcommand.details,
    audience: subcommand.audience,
    reply: subcommand.reply,
    hasModal: subcommand.hasModal,
  };
}
