import { z } from 'zod';
import { deleteGroup, previewGroupDeletion } from '../../services/groups/delete-group.js';
import { countGroups, listGroups } from '../../services/groups/list-groups.js';
import { createGroup } from '../../services/groups/create-group.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { renameGroup } from '../../services/groups/rename-group.js';
import { decidedBlocks, confirmationBlocks } from '../../views/confirmation-blocks.js';
import { GROUP_CREATE_CALLBACK_ID, GROUP_LIST_PAGE_ACTION_ID, groupCreateModal, groupListBlocks } from '../../views/groups/group-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { textArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction, defineModal, encodeActionValue, encodeModalMetadata } from '../../slack/kit/interaction.js';
import { openGroupForm } from './group-form-opener.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

const groupName = textArg({ max: MAX_GROUP_NAME, what: 'a group name (in quotes when it has spaces)' });
const LIST_PAGE_SIZE = 20;

async function create(request: CommandRequest, name: string): Promise<void> {
  const group = await createGroup(await request.serviceContext(), name);
  await request.reply({ text: `:white_check_mark: Created the group *${escapeMrkdwn(group.name)}*. Add people with \`/ub group add "${escapeMrkdwn(group.name)}" <emails or @mentions>\`.` });
}

export const groupCreateSubcommand = defineSubcommand({
  name: 'group create',
  usage: '"<name>"',
  summary: 'Create a group.',
  details: ['Group names are unique, not case-sensitive, and at most 100 characters.'],
  audience: 'admins',
  reply: 'ephemeral',
  positionals: [{ name: 'name' }],
  schema: z.object({ name: groupName }),
  openModal: async (request) => {
    await request.openModal(groupCreateModal(encodeModalMetadata({ channelId: request.channelId, extra: {} })));
  },
  handle: async (request, input) => create(request, input.name),
});

export const groupCreateModalHandler = defineModal({
  callbackId: GROUP_CREATE_CALLBACK_ID,
  fields: z.object({
    name: z
      .string({ error: 'Give the group a name.' })
      .trim()
      .min(1, 'Give the group a name.')
      .max(MAX_GROUP_NAME, `At most ${MAX_GROUP_NAME} characters.`),
  }),
  handle: async (request, input) => create(request, input.name),
});

export const groupRenameSubcommand = defineSubcommand({
  name: 'group rename',
  usage: '"<name>" "<new name>"',
  summary: 'Rename a group; its members and group admins stay.',
  audience: 'admins',
  reply: 'ephemeral',
  positionals: [{ name: 'name' }, { name: 'new-name' }],
  schema: z.object({ name: groupName, 'new-name': groupName }),
  openModal: (request) => openGroupForm(request, 'rename'),
  handle: async (request, input) => rename(request, input.name, input['new-name']),
});

export async function rename(request: CommandRequest, name: string, newName: string): Promise<void> {
  const renamed = await renameGroup(await request.serviceContext(), name, newName);
  await request.reply({ text: `:pencil2: Renamed the group "${escapeMrkdwn(name)}" to *${escapeMrkdwn(renamed.name)}*.` });
}

export const GROUP_DELETE_ACTION_ID = 'group.delete.confirm';

export const groupDeleteSubcommand = defineSubcommand({
  name: 'group delete',
  usage: '"<name>"',
  summary: 'Delete a group after you confirm; its members keep their accounts.',
  details: ['Memberships and group-admin assignments of the group end; nobody is deactivated.'],
  audience: 'admins',
  reply: 'ephemeral',
  positionals: [{ name: 'name' }],
  schema: z.object({ name: groupName }),
  openModal: (request) => openGroupForm(request, 'delete'),
  handle: async (request, input) => askToDelete(request, input.name),
});

export async function askToDelete(request: CommandRequest, name: string): Promise<void> {
  const group = await previewGroupDeletion(await request.serviceContext(), name);
  await request.reply(
    confirmationBlocks({
      question: `Delete the group *${escapeMrkdwn(group.name)}*?`,
      consequences: [
        `Its ${group.memberCount.toLocaleString('en-US')} member${group.memberCount === 1 ? '' : 's'} stay in ub; only their membership of this group ends.`,
        'Group admins of this group stop managing it.',
        'This cannot be undone (you can create a group with the same name again).',
      ],
      confirmLabel: 'Delete group',
      confirmActionId: GROUP_DELETE_ACTION_ID,
      confirmValue: encodeActionValue({ g: group.name }),
      danger: true,
    }),
  );
}

export const groupDeleteConfirm = defineAction({
  actionId: GROUP_DELETE_ACTION_ID,
  value: z.object({ g: z.string().min(1).max(MAX_GROUP_NAME) }),
  handle: async (request, value) => {
    const deleted = await deleteGroup(await request.serviceContext(), value.g);
    await request.reply({
      ...decidedBlocks(`:wastebasket: <@${request.slackUserId}> deleted the group *${escapeMrkdwn(deleted.name)}* (${deleted.memberCount.toLocaleString('en-US')} members kept).`),
      replaceOriginal: true,
    });
  },
});

async function showGroupList(request: CommandRequest, after: string | undefined, pageNumber: number, replace: boolean): Promise<void> {
  const ctx = await request.serviceContext();
  const [page, total] = await Promise.all([listGroups(ctx, { limit: LIST_PAGE_SIZE, ...(after !== undefined ? { after } : {}) }), countGroups(ctx)]);
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
  audience: 'admins and group admins',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request) => showGroupList(request, undefined, 1, false),
});

export const groupListPage = defineAction({
  actionId: GROUP_LIST_PAGE_ACTION_ID,
  value: z.object({ a: z.string().optional(), p: z.number().int().min(1) }),
  handle: async (request, value) => showGroupList(request, value.a, value.p, true),
});
