import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import type { BulkProblem } from '../../services/domain.js';
import {
  addMembers,
  previewMembershipChange,
  removeMembers,
  type MembershipChange,
  type MembershipPlan,
  type MembershipResult,
} from '../../services/groups/change-membership.js';
import { changeGroupMembers } from '../../jobs/change-group-members.js';
import { confirmBulkRunFromPreview, prepareBulkRun, requestKeyOf } from '../../jobs/kit/launch-bulk-run.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { showGroup } from '../../services/groups/show-group.js';
import { defineAction, encodeActionValue } from '../../slack/kit/action.js';
import { personArg, personOrMeArg, textArg, type PersonOrMe, type PersonRef } from '../../slack/kit/arg-schemas.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { emailOfPerson, resolvePeople } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { bulkResultBlocks } from '../../views/bulk-result-blocks.js';
import {
  GROUP_MEMBERS_RUN_ACTION_ID,
  GROUP_REMOVE_ACTION_ID,
  GROUP_SHOW_PAGE_ACTION_ID,
  groupCountsText,
  groupShowBlocks,
  memberAddPreviewBlocks,
  memberRemovalPreviewBlocks,
} from '../../views/groups/group-blocks.js';
import { openGroupForm } from './group-form-opener.js';

const groupName = textArg({ max: MAX_GROUP_NAME, what: 'a group name (in quotes when it has spaces)' });
const people = z
  .array(personArg)
  .min(1, 'name at least one person (email or @mention)')
  .max(1000, 'at most 1,000 people at a time');
/** Adding takes `me` too: a plain user's `/ub group add Data me` is refused with an offer to ask to join. */
const peopleOrMe = z
  .array(personOrMeArg)
  .min(1, 'name at least one person (email, @mention or me)')
  .max(1000, 'at most 1,000 people at a time');
const MEMBERS_PAGE_SIZE = 25;
/**
 * More people than this are added or removed by a durable job, after a confirmation whose Confirm
 * carries the run (any number of people); up to this many are changed in the request.
 */
const BULK_MEMBERS_THRESHOLD = 5;

function resultMessage(title: string, result: MembershipResult, unresolved: BulkProblem[]) {
  return bulkResultBlocks({
    title: `${title} ${result.group.name} (now ${groupCountsText(result.group)})`,
    done: result.done,
    skipped: result.skipped,
    failed: [...result.failed, ...unresolved],
  });
}

export const groupAddSubcommand = defineSubcommand({
  name: 'group add',
  usage: '"<group>" <emails, @mentions or me>...',
  summary: 'Add people who already hold a license to a group (pending invitees join it when they accept).',
  details: [
    'A pending invitee is added to their invitation: they join the group when they accept.',
    'Group admins add people to the groups they manage.',
    'More than 5 people: ub asks first, then adds them in the background, with the result in a DM.',
    'People not in ub yet: `/ub invite <email> --group "<group>"`.',
    'Not allowed to add people yourself? `/ub group add Data me` offers to ask to join instead (as `/ub join Data`).',
  ],
  permission: 'group.add_member',
  reply: 'ephemeral',
  positionals: [
    { name: 'group', mayHaveSpaces: true },
    { name: 'people', variadic: true },
  ],
  schema: z.object({ group: groupName, people: peopleOrMe }),
  openModal: (request) => openGroupForm(request, 'add'),
  handle: async (request, input, ctx) => add(request, ctx, input.group, await withoutMe(request, input.people)),
});

/** `me` becomes the actor's own email, so the rest reads people as emails and mentions only. */
async function withoutMe(request: CommandRequest, people: PersonOrMe[]): Promise<PersonRef[]> {
  return Promise.all(
    people.map(async (person): Promise<PersonRef> =>
      person.kind === 'me' ? { kind: 'email', email: await emailOfPerson(request, person) } : person,
    ),
  );
}

export async function add(
  request: CommandRequest,
  ctx: ServiceContext,
  group: string,
  refs: PersonRef[],
): Promise<void> {
  const resolved = await resolvePeople(request, refs);
  if (resolved.emails.length > BULK_MEMBERS_THRESHOLD) {
    await askForBulkChange(request, ctx, group, 'add', resolved);
    return;
  }
  const result = await addMembers(ctx, group, resolved.emails);
  await request.reply(resultMessage('Added to', result, resolved.unresolved));
}

/**
 * Many people: the preview counts what will really change (members, invitees) and names who is left
 * out; the change is stored as a run waiting for its Confirm (every address, so the result has a line
 * for each). When nothing would change, the answer is the result itself.
 */
async function askForBulkChange(
  request: CommandRequest,
  ctx: ServiceContext,
  groupName: string,
  change: MembershipChange,
  resolved: { emails: string[]; unresolved: BulkProblem[] },
): Promise<void> {
  const plan = await previewMembershipChange(ctx, groupName, change, resolved.emails);
  if (nothingChanges(plan)) {
    await request.reply(unchangedMessage(change, plan, resolved.unresolved));
    return;
  }
  const { group } = plan;
  const run = await prepareBulkRun(request, ctx, changeGroupMembers, {
    requestKey: requestKeyOf(request, `group-${change}`),
    input: { change, groupId: group.id, groupName: group.name, unresolved: resolved.unresolved },
    items: resolved.emails.map((email) => ({ email })),
  });
  const value = groupMembersRunConfirm.encode({ r: run.id });
  await request.reply(
    change === 'add'
      ? memberAddPreviewBlocks(plan, value, resolved.unresolved)
      : memberRemovalPreviewBlocks(plan, value, true, resolved.unresolved),
  );
}

function nothingChanges(plan: MembershipPlan): boolean {
  return plan.members.length + plan.invitees.length === 0;
}

/** The result of a request in which nobody would change: every address with why, no question. */
function unchangedMessage(change: MembershipChange, plan: MembershipPlan, unresolved: BulkProblem[]) {
  const leftOut = [...plan.leftOut, ...unresolved.map((u) => ({ ...u, status: 'failed' as const }))];
  return bulkResultBlocks({
    title: `Nothing to ${change === 'add' ? 'add to' : 'remove from'} ${plan.group.name} (${groupCountsText(plan.group)})`,
    done: [],
    skipped: leftOut.filter((o) => o.status === 'skipped'),
    failed: leftOut.filter((o) => o.status === 'failed'),
  });
}

/** Confirm of a bulk add or removal: starts its run once; the preview becomes "Started: 0 of N". */
export const groupMembersRunConfirm = defineConfirmation({
  actionId: GROUP_MEMBERS_RUN_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(200) }),
  confirm: (request, value, ctx) => confirmBulkRunFromPreview(request, ctx, changeGroupMembers, value.r),
});

/** Confirm on the removal preview: the preview becomes the per-person result. */
export const groupRemoveConfirm = defineConfirmation({
  actionId: GROUP_REMOVE_ACTION_ID,
  value: z.object({
    g: z.string().min(1).max(MAX_GROUP_NAME),
    e: z.array(z.string()).min(1).max(BULK_MEMBERS_THRESHOLD),
  }),
  confirm: async (_request, value, ctx) =>
    resultMessage('Removed from', await removeMembers(ctx, value.g, value.e), []),
});

export const groupRemoveSubcommand = defineSubcommand({
  name: 'group remove',
  usage: '"<group>" <emails or @mentions>...',
  summary: 'Remove people from a group (asks first when you remove several).',
  details: [
    'They keep their account, license and other groups; a pending invitee no longer joins the group on accepting.',
    'More than 5 people run in the background after the confirmation, with the result in a DM.',
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
  if (resolved.emails.length > BULK_MEMBERS_THRESHOLD) {
    await askForBulkChange(request, ctx, groupName, 'remove', resolved);
    return;
  }
  const plan = await previewMembershipChange(ctx, groupName, 'remove', resolved.emails);
  if (nothingChanges(plan)) {
    await request.reply(unchangedMessage('remove', plan, resolved.unresolved));
    return;
  }
  // One person who will really leave is removed at once, like a removal of one (the result names the rest).
  if (plan.members.length + plan.invitees.length === 1) {
    await request.reply(
      resultMessage('Removed from', await removeMembers(ctx, groupName, resolved.emails), resolved.unresolved),
    );
    return;
  }
  await request.reply(
    memberRemovalPreviewBlocks(
      plan,
      groupRemoveConfirm.encode({ g: plan.group.name, e: resolved.emails }),
      false,
      resolved.unresolved,
    ),
  );
}

/** A page of `/ub group show`: members and invitees, each list paged on its own cursor (false: shown to the end). */
interface ShowCursor {
  a?: string | false | undefined;
  i?: string | false | undefined;
}

export async function showMembers(
  request: CommandRequest,
  ctx: ServiceContext,
  group: string,
  cursor: ShowCursor,
  pageNumber: number,
  replace: boolean,
) {
  const details = await showGroup(ctx, group, {
    limit: MEMBERS_PAGE_SIZE,
    ...(cursor.a !== undefined ? { after: cursor.a } : {}),
    ...(cursor.i !== undefined ? { inviteesAfter: cursor.i } : {}),
  });
  const membersMore = details.next !== undefined;
  const inviteesMore = details.nextInvitee !== undefined;
  await request.reply({
    ...groupShowBlocks({
      details,
      pageNumber,
      ...(membersMore || inviteesMore
        ? {
            nextValue: encodeActionValue({
              g: group,
              a: details.next ?? false,
              i: details.nextInvitee ?? false,
              p: pageNumber + 1,
            }),
          }
        : {}),
      ...(pageNumber > 1 ? { firstValue: encodeActionValue({ g: group, p: 1 }) } : {}),
    }),
    replaceOriginal: replace,
  });
}

export const groupShowSubcommand = defineSubcommand({
  name: 'group show',
  usage: '"<group>"',
  summary: 'Show a group: its group admins, its members and its pending invitees, 25 a page.',
  permission: 'group.view',
  reply: 'ephemeral',
  positionals: [{ name: 'group', mayHaveSpaces: true }],
  schema: z.object({ group: groupName }),
  openModal: (request) => openGroupForm(request, 'show'),
  handle: async (request, input, ctx) => showMembers(request, ctx, input.group, {}, 1, false),
});

export const groupShowPage = defineAction({
  actionId: GROUP_SHOW_PAGE_ACTION_ID,
  value: z.object({
    g: z.string().min(1).max(MAX_GROUP_NAME),
    a: z.union([z.string(), z.literal(false)]).optional(),
    i: z.union([z.string(), z.literal(false)]).optional(),
    p: z.number().int().min(1),
  }),
  handle: async (request, value, ctx) => showMembers(request, ctx, value.g, value, value.p, true),
});
