import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { createGroup } from '../../services/groups/create-group.js';
import { deleteGroup, previewGroupDeletion } from '../../services/groups/delete-group.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { countGroups, listGroups } from '../../services/groups/list-groups.js';
import { renameGroup } from '../../services/groups/rename-group.js';
import { defineAction, encodeActionValue } from '../../slack/kit/action.js';
import { textArg } from '../../slack/kit/arg-schemas.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import {
  GROUP_CREATE_CALLBACK_ID,
  GROUP_DELETE_ACTION_ID,
  GROUP_LIST_PAGE_ACTION_ID,
  groupCreateModal,
  groupDeletionPreviewBlocks,
  groupListBlocks,
} from '../../views/groups/group-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { openGroupForm } from './group-form-opener.js';
import { count, plural } from '../../plural.js';

const groupName = textArg({ max: MAX_GROUP_NAME, what: 'a group name (in quotes when it has spaces)' });
const LIST_PAGE_SIZE = 20;

async function create(request: CommandRequest, ctx: ServiceContext, name: string): Promise<void> {
  const group = await createGroup(ctx, name);
  await request.reply({
    text: `:white_check_mark: Created the group *${escapeMrkdwn(group.name)}*. Add people with \`/ub group add "${escapeMrkdwn(group.name)}" &lt;emails or @mentions&gt;\`.`,
  });
}

export const groupCreateSubcommand = defineSubcommand({
  name: 'group create',
  usage: '"<name>"',
  summary: 'Create a group.',
  details: ['Group names are unique, not case-sensitive, and at most 100 characters.'],
  permission: 'group.create',
  reply: 'ephemeral',
  positionals: [{ name: 'name', mayHaveSpaces: true }],
  schema: z.object({ name: groupName }),
  openModal: async (request) => {
    await request.openModal(groupCreateModal());
  },
  handle: async (request, input, ctx) => create(request, ctx, input.name),
});

export const groupCreateModalHandler = defineModal({
  callbackId: GROUP_CREATE_CALLBACK_ID,
  errorFields: { already_exists: 'name', invalid_input: 'name' },
  fields: z.object({
    name: z
      .string({ error: 'Give the group a name.' })
      .trim()
      .min(1, 'Give the group a name.')
      .max(MAX_GROUP_NAME, `At most ${MAX_GROUP_NAME} characters.`),
  }),
  handle: async (request, input, ctx) => create(request, ctx, input.name),
});

export const groupRenameSubcommand = defineSubcommand({
  name: 'group rename',
  usage: '"<name>" "<new name>"',
  summary: 'Rename a group; its members and group admins stay.',
  permission: 'group.rename',
  reply: 'ephemeral',
  positionals: [
    { name: 'name', mayHaveSpaces: true },
    { name: 'new-name', mayHaveSpaces: true },
  ],
  schema: z.object({ name: groupName, 'new-name': groupName }),
  openModal: (request) => openGroupForm(request, 'rename'),
  handle: async (request, input, ctx) => rename(request, ctx, input.name, input['new-name']),
});

export async function rename(
  request: CommandRequest,
  ctx: ServiceContext,
  name: string,
  newName: string,
): Promise<void> {
  const renamed = await renameGroup(ctx, name, newName);
  await request.reply({
    text: `:pencil2: Renamed the group "${escapeMrkdwn(name)}" to *${escapeMrkdwn(renamed.name)}*.`,
  });
}

/** Confirm on the deletion preview: the preview becomes what was deleted and by whom. */
export const groupDeleteConfirm = defineConfirmation({
  actionId: GROUP_DELETE_ACTION_ID,
  value: z.object({ g: z.string().min(1).max(MAX_GROUP_NAME) }),
  confirm: async (_request, value, ctx) => {
    const deleted = await deleteGroup(ctx, value.g);
    return `:wastebasket: Deleted the group *${escapeMrkdwn(deleted.name)}*. Its ${count(deleted.memberCount, 'member')} ${plural(deleted.memberCount, 'keeps their account', 'keep their accounts')}.`;
  },
});

export const groupDeleteSubcommand = defineSubcommand({
  name: 'group delete',
  usage: '"<name>"',
  summary: 'Delete a group after you confirm; its members keep their accounts.',
  details: ['Memberships and group-admin assignments of the group end; nobody is deactivated.'],
  permission: 'group.delete',
  reply: 'ephemeral',
  positionals: [{ name: 'name', mayHaveSpaces: true }],
  schema: z.object({ name: groupName }),
  openModal: (request) => openGroupForm(request, 'delete'),
  handle: async (request, input, ctx) => askToDelete(request, ctx, input.name),
});

export async function askToDelete(request: CommandRequest, ctx: ServiceContext, name: string): Promise<void> {
  const group = await previewGroupDeletion(ctx, name);
  await request.reply(groupDeletionPreviewBlocks(group, groupDeleteConfirm.encode({ g: group.name })));
}

async function showGroupList(
  request: CommandRequest,
  ctx: ServiceContext,
  after: string | undefined,
  pageNumber: number,
  replace: boolean,
): Promise<void> {
  const [page, total] = await Promise.all([
    listGroups(ctx, { limit: LIST_PAGE_SIZE, ...(after !== undefined ? { after } : {}) }),
    countGroups(ctx),
  ]);
  await request.reply({
    ...groupListBlocks({
      page,
      total,
      pageNumber,
      ...(page.next !== undefined ? { nextValue: encodeActionValue({ a: page.next, p: pageNumber + 1 }) } : {}),
      ...(pageNumber > 1 ? { firstValue: encodeActionValue({ p: 1 }) } : {}),
    }),
    replaceOriginal: replace,
  });
}

export const groupListSubcommand = defineSubcommand({
  name: 'group list',
  usage: '',
  summary: 'List groups with their member counts, 20 a page.',
  details: ['Group admins see the groups they manage.'],
  permission: 'group.view',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => showGroupList(request, ctx, undefined, 1, false),
});

export const groupListPage = defineAction({
  actionId: GROUP_LIST_PAGE_ACTION_ID,
  value: z.object({ a: z.string().optional(), p: z.number().int().min(1) }),
  handle: async (request, value, ctx) => showGroupList(request, ctx, value.a, value.p, true),
});
