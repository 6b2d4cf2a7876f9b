import type { Button } from '@slack/types';

/**
 * A button that does what typing `/ub <command>` does: the subcommand's form opens when it has
 * one and no arguments are given, otherwise it runs (authorization as usual). The welcome DM and
 * App Home use it for their shortcuts; one kit action (slack/kit/run-command.ts) handles them all.
 */
export const RUN_COMMAND_ACTION_ID = 'ub.run';

export function commandButton(label: string, command: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    // action_ids must be unique within a message: the command makes it so.
    action_id: `${RUN_COMMAND_ACTION_ID}:${command.replace(/\s+/g, '-')}`,
    text: { type: 'plain_text', text: label.slice(0, 75) },
    value: JSON.stringify({ c: command }),
    ...(style ? { style } : {}),
  };
}
