import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { UbError } from '../../services/errors.js';
import { CANCEL_ACTION_ID, decidedBlocks } from '../../views/confirmation-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { defineAction, encodeActionValue, type Action, type ActionRequest } from './action.js';

/**
 * The Confirm button of a preview (views/confirmation-blocks.ts), defined once: what it
 * carries, what it does, and what the preview becomes. The kit handles the two ways a Confirm
 * can come too late: the target changed since the preview (someone else got there first), or
 * the same Confirm is clicked again. Either way the service refuses with `invalid_state` or
 * `not_found`, and the preview becomes that message, so no stale Confirm stays clickable.
 */
export interface ConfirmationSpec<Input extends Record<string, unknown>> {
  /** The Confirm button's action_id (a constant of the view that draws the preview). */
  actionId: string;
  /** Parses the Confirm button's value. */
  value: z.ZodType<Input>;
  /** Does what was confirmed; returns what the preview becomes (a line of text, or a whole message). */
  confirm(
    request: ActionRequest,
    input: Input,
    ctx: ServiceContext,
  ): Promise<string | { text: string; blocks: KnownBlock[] }>;
}

export interface Confirmation<Input> extends Action {
  /** The Confirm button's value for this input, to give the preview. */
  encode(input: Input): string;
}

export function defineConfirmation<Input extends Record<string, unknown>>(
  spec: ConfirmationSpec<Input>,
): Confirmation<Input> {
  const action = defineAction({
    actionId: spec.actionId,
    value: spec.value,
    handle: async (request, input, ctx) => {
      const decided = await orStaleNotice(() => spec.confirm(request, input, ctx));
      await request.reply({
        ...(typeof decided === 'string' ? decidedBlocks(decided) : decided),
        replaceOriginal: true,
      });
    },
  });
  return { ...action, encode: (input) => encodeActionValue(input) };
}

/**
 * Runs a change a person confirmed on an older message; when the service says the target is no
 * longer in the state the message showed (`invalid_state`, `not_found`), answers with its message
 * as a notice instead of an error. Any other failure is thrown on.
 */
export async function orStaleNotice<T>(work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UbError) || (error.code !== 'invalid_state' && error.code !== 'not_found')) throw error;
    return `:information_source: ${escapeMrkdwn(error.message)}`;
  }
}

/**
 * The Cancel button of every confirmation: the preview becomes "cancelled", nothing changes. It
 * needs no service context, so it answers even when the database does not.
 */
export const cancelConfirmation: Action = {
  actionId: CANCEL_ACTION_ID,
  run: async (request) => {
    // Seen only by the person who clicked: the preview was an ephemeral answer to them.
    await request.reply({
      ...decidedBlocks('Cancelled. Nothing was changed.'),
      replaceOriginal: true,
    });
  },
};
