import { z } from 'zod';
import { problemMessage } from '../../views/error-blocks.js';
import { RUN_COMMAND_ACTION_ID } from '../../views/command-button.js';
import type { Action } from './action.js';
import type { CommandRouter } from './router.js';

const value = z.object({ c: z.string().min(1).max(200) });

/**
 * The action behind every commandButton: routes the button's command as if it were typed, so a
 * shortcut can never do more than the command (same parsing, same form, same authorization).
 */
export function runCommandAction(router: CommandRouter): Action {
  return {
    actionId: RUN_COMMAND_ACTION_ID,
    run: (request, rawValue) => {
      let parsed: z.infer<typeof value>;
      try {
        const result = value.safeParse(JSON.parse(rawValue ?? ''));
        if (!result.success) return 'invalid';
        parsed = result.data;
      } catch {
        return 'invalid';
      }
      const route = router.route(parsed.c);
      if (route.kind === 'modal') return route.subcommand.openModal(request);
      if (route.kind === 'run') return route.run(request);
      return request.reply(problemMessage(route));
    },
  };
}
