import { z } from 'zod';
import { CANCEL_ACTION_ID, decidedBlocks } from '../../views/confirmation-blocks.js';
import { defineAction } from './interaction.js';

/** The Cancel button of every confirmation: the preview becomes "cancelled", nothing changes. */
export const cancelConfirmation = defineAction({
  actionId: CANCEL_ACTION_ID,
  value: z.unknown(),
  handle: async (request) => {
    await request.reply({ ...decidedBlocks(`Cancelled by <@${request.slackUserId}>. Nothing was changed.`), replaceOriginal: true });
  },
});
