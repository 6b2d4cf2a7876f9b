import type { Button } from '@slack/types';

/**
 * A button that does what typing `/ub <command>` does: the subcommand's form opens when it has
 * one and no arguments are given, otherwise it runs (authorization as usual). The welcome DM and
 * App Home use it for their shortcuts; one kit action (slack/kit/run-command.ts) handles them all.
 */
export const RUN_COMMAND_ACTION_ID = 'ub.run';

export function commandButton(
  label: string,
  command: string,
  options: { style?: 'primary' | 'danger'; key?: string } = {},
): Button {
  const { style, key } = options;
  return {
    type: 'button',
    // action_ids must be unique within a message: the command's words make it so, or `key` for
    // buttons of one command on several rows (a command may hold people's text: never put in ids).
    action_id: `${RUN_COMMAND_ACTION_ID}:${
      key ??
      command
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60)
    }`,
    text: { type: 'plain_text', text: label.slice(0, 75) },
    value: JSON.stringify({ c: command }),
    ...(style ? { style } : {}),
  };
}
