import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import type { BulkProblem } from '../../services/domain.js';
import { UbError } from '../../services/errors.js';
import {
  addMembers,
  previewMemberRemoval,
  removeMembers,
  type MembershipResult,
} from '../../services/groups/change-membership.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { showGroup } from '../../services/groups/show-group.js';
import { defineAction, encodeActionValue } from '../../slack/kit/action.js';
import { personArg, textArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { resolvePeople } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { bulkResultBlocks } from '../../views/bulk-result-blocks.js';
import {
  GROUP_REMOVE_ACTION_ID,
  GROUP_SHOW_PAGE_ACTION_ID,
  groupShowBlocks,
  memberRemovalPreviewBlocks,
} from '../../views/groups/group-blocks.js';
import { openGroupForm } from './group-form-opener.js';
import { count } from '../../plural.js';

const groupName = textArg({ max: MAX_GROUP_NAME, what: 'a group name (in quotes when it has spaces)' });
const people = z
  .array(personArg)
  .min(1, 'name at least one person (email or @mention)')
  .max(1000, 'at most 1,000 people at a time');
const MEMBERS_PAGE_SIZE = 25;
/** A confirmation's button value holds the emails, in at most 2,000 characters: some 50 addresses. */
const CONFIRMABLE_REMOVALS = 50;

function resultMessage(title: string, result: MembershipResult, unresolved: BulkProblem[]) {
  return bulkResultBlocks({
    title: `${title} ${result.group.name} (now ${count(result.group.memberCount, 'member')})`,
    done: result.done,
    skipped: result.skipped,
    failed: [...result.failed, ...unresolved],
  });
}

export const groupAddSubcommand = defineSubcommand({
  name: 'group add',
  usage: '"<group>" <emails or @mentions>...',
  summary: 'Add people who already hold a license to a group.',
  details: [
    'Group admins add people to the groups they manage.',
    'People not in ub yet: `/ub invite <email> --group "<group>"`.',
  ],
  permission: 'group.add_member',
  reply: 'ephemeral',
  positionals: [
    { name: 'group', mayHaveSpaces: true },
    { name: 'people', variadic: true },
  ],
  schema: z.object({ group: groupName, people }),
  openModal: (request) => openGroupForm(request, 'add'),
  handle: async (request, input, ctx) => add(request, ctx, input.group, input.people),
});

export async function add(
  request: CommandRequest,
  ctx: ServiceContext,
  group: string,
  refs: PersonRef[],
): Promise<void> {
  const resolved = await resolvePeople(request, refs);
  const result = await addMembers(ctx, group, resolved.emails);
  await request.reply(resultMessage('Added to', result, resolved.unresolved));
}

/** Confirm on the removal preview: the preview becomes the per-person result. */
export const groupRemoveConfirm = defineConfirmation({
  actionId: GROUP_REMOVE_ACTION_ID,
  value: z.object({
    g: z.string().min(1).max(MAX_GROUP_NAME),
    e: z.array(z.string()).min(1).max(CONFIRMABLE_REMOVALS),
  }),
  confirm: async (_request, value, ctx) =>
    resultMessage('Removed from', await removeMembers(ctx, value.g, value.e), []),
});

export const groupRemoveSubcommand = defineSubcommand({
  name: 'group remove',
  usage: '"<group>" <emails or @mentions>...',
  summary: 'Remove people from a group (asks first when you remove several).',
  details: [
    'They keep their account, license and other groups.',
    'Group admins remove people from the groups they manage.',
  ],
  permission: 'group.remove_member',
  reply: 'ephemeral',
  positionals: [
    { name: 'group', mayHaveSpaces: true },
    { name: 'people', variadic: true },
  ],
  schema: z.object({ group: groupName, people }),
  openModal: (request) => openGroupForm(request, 'remove'),
  handle: async (request, input, ctx) => removeOrAsk(request, ctx, input.group, input.people),
});

/** One person is removed at once; several are shown first, with Confirm / Cancel. */
export async function removeOrAsk(
  request: CommandRequest,
  ctx: ServiceContext,
  groupName: string,
  refs: PersonRef[],
): Promise<void> {
  const resolved = await resolvePeople(request, refs);
  if (resolved.emails.length <= 1) {
    await request.reply(
      resultMessage('Removed from', await removeMembers(ctx, groupName, resolved.emails), resolved.unresolved),
    );
    return;
  }
  const confirmValue = { g: groupName, e: resolved.emails };
  if (resolved.emails.length > CONFIRMABLE_REMOVALS || JSON.stringify(confirmValue).length > 2000) {
    throw new UbError(
      'invalid_input',
      `That is more people than one confirmation can carry: remove at most ${CONFIRMABLE_REMOVALS} at a time.`,
    );
  }
  const group = await previewMemberRemoval(ctx, groupName);
  await request.reply(
    memberRemovalPreviewBlocks(
      group,
      resolved.emails,
      groupRemoveConfirm.encode({ g: group.name, e: resolved.emails }),
    ),
  );
}

export async function showMembers(
  request: CommandRequest,
  ctx: ServiceContext,
  group: string,
  after: string | undefined,
  pageNumber: number,
  replace: boolean,
) {
  const details = await showGroup(ctx, group, { limit: MEMBERS_PAGE_SIZE, ...(after !== undefined ? { after } : {}) });
  await request.reply({
    ...groupShowBlocks({
      details,
      pageNumber,
      ...(details.next !== undefined
        ? { nextValue: encodeActionValue({ g: group, a: details.next, p: pageNumber + 1 }) }
        : {}),
      ...(pageNumber > 1 ? { firstValue: encodeActionValue({ g: group, p: 1 }) } : {}),
    }),
    replaceOriginal: replace,
  });
}

export const groupShowSubcommand = defineSubcommand({
  name: 'group show',
  usage: '"<group>"',
  summary: 'Show a group: its group admins and its members, 25 a page.',
  permission: 'group.view',
  reply: 'ephemeral',
  positionals: [{ name: 'group', mayHaveSpaces: true }],
  schema: z.object({ group: groupName }),
  openModal: (request) => openGroupForm(request, 'show'),
  handle: async (request, input, ctx) => showMembers(request, ctx, input.group, undefined, 1, false),
});

export const groupShowPage = defineAction({
  actionId: GROUP_SHOW_PAGE_ACTION_ID,
  value: z.object({ g: z.string().min(1).max(MAX_GROUP_NAME), a: z.string().optional(), p: z.number().int().min(1) }),
  handle: async (request, value, ctx) => showMembers(request, ctx, value.g, value.a, value.p, true),
});
