import { z } from 'zod';
import { listPendingInvitations } from '../../services/invitations/list-pending-invitations.js';
import {
  INVITATIONS_PAGE_ACTION_ID,
  INVITATIONS_PAGE_SIZE,
  invitationListBlocks,
} from '../../views/invitations/invitation-list-blocks.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import type { ServiceContext } from '../../services/context.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** Which page to show: after, before or from an email (see listPendingInvitations), and its number. */
export interface PageCursor {
  pageNumber: number;
  after?: string;
  before?: string;
  from?: string;
}

/** Draws a page of pending invitations, as a new reply or in place of the message a button is in. */
export async function showInvitationPage(
  request: CommandRequest,
  ctx: ServiceContext,
  cursor: PageCursor,
  options: { replace: boolean; notice?: string },
): Promise<void> {
  const page = await listPendingInvitations(ctx, {
    limit: INVITATIONS_PAGE_SIZE,
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined ? { before: cursor.before } : {}),
    ...(cursor.from !== undefined ? { from: cursor.from } : {}),
  });
  const pageNumber = page.hasPrevious ? Math.max(2, cursor.pageNumber) : 1;
  await request.reply({
    ...invitationListBlocks({ page, pageNumber, ...(options.notice ? { notice: options.notice } : {}) }),
    replaceOriginal: options.replace,
  });
}

/** `/ub invitations`: pending invitations, 10 a page, each with Resend and Cancel. */
export const invitationsSubcommand = defineSubcommand({
  name: 'invitations',
  usage: '',
  summary: 'List pending invitations, 10 a page, with Resend and Cancel buttons.',
  details: [
    'Group admins see the invitations into the groups they manage.',
    'After a click the list is updated in place.',
  ],
  permission: 'invitation.view',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => {
    await showInvitationPage(request, ctx, { pageNumber: 1 }, { replace: false });
  },
});

/** Next / Previous under the list. */
export const invitationsPageAction = defineAction({
  actionId: INVITATIONS_PAGE_ACTION_ID,
  value: z.object({ p: z.number().int().min(1), a: z.string().optional(), b: z.string().optional() }),
  handle: async (request, value, ctx) => {
    await showInvitationPage(
      request,
      ctx,
      {
        pageNumber: value.p,
        ...(value.a !== undefined ? { after: value.a } : {}),
        ...(value.b !== undefined ? { before: value.b } : {}),
      },
      { replace: true },
    );
  },
});

/** What a row button (Resend, Cancel) carries: the row's email and the page it sits on. */
export const rowButtonValue = z.object({ p: z.number().int().min(1), f: z.string().optional(), e: z.string() });
