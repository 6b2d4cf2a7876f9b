import type { Actor, ServiceContext } from '../context.js';
import {
  DEFAULT_INVITATION_LANGUAGE,
  INVITATION_LANGUAGES,
  personKey,
  type BulkProblem,
  type BulkResult,
  type InvitationLanguage,
  type Role,
} from '../domain.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { isDuplicateKey, UbError } from '../errors.js';
import { groupNameKey } from '../models/group.js';
import { freeSeat, seatUsage, takeSeat } from '../seats-repository.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { InvitationDetails, InvitedPerson } from './invitation-details.js';
import { countPending } from './invitation-repository.js';

export const MAX_INVITE_EMAILS = 1000;
export const MAX_INVITE_MESSAGE = 1000;

export interface InviteUsersInput {
  /** Addresses as typed; each malformed one is reported on its own, not as a failure of the request. */
  emails: string[];
  /** Groups by name (case-insensitive), as typed in a command. */
  groupNames?: string[];
  /** Groups by id, as picked in the form. */
  groupIds?: string[];
  role?: Role;
  pro?: boolean;
  message?: string;
  /** The language the invitation is written in; English unless said. */
  language?: InvitationLanguage;
  /** Told after every address, for progress reports of long requests. */
  onProgress?: (handled: number, total: number) => void;
}

/** What the invite form offers the actor: the groups they may invite into, and whether role and Pro are theirs to set. */
export interface InviteFormChoices {
  /** Groups to pick from (at most 100), or `names` to type them when there are more. */
  groups: Array<{ id: string; name: string }> | 'names';
  /** Admins choose a role and Pro; group admins invite plain users. */
  canChooseRoleAndPro: boolean;
  /** Licenses left, for admins. */
  seats: { free: number; seats: number; proFree: number; proSeats: number } | undefined;
}

/** The most groups a form lists for picking; Slack's static selects hold 100 options. */
export const FORM_GROUP_LIMIT = 100;

/** The choices of the invite form, or the same refusal inviting would give. */
export async function inviteFormChoices(ctx: ServiceContext): Promise<InviteFormChoices> {
  const usable = groupsActorMayUse(ctx.actor, 'user.invite');
  if (usable === undefined) {
    const count = await ctx.store.groups.countDocuments({ orgId: ctx.orgId }).exec();
    const groups =
      count > FORM_GROUP_LIMIT
        ? ('names' as const)
        : (
            await ctx.store.groups.find({ orgId: ctx.orgId }).sort({ name: 1 }).limit(FORM_GROUP_LIMIT).lean().exec()
          ).map((g) => ({ id: g._id, name: g.name }));
    const usage = await seatUsage(ctx.store, ctx.orgId);
    return {
      groups,
      canChooseRoleAndPro: true,
      seats: { free: usage.free, seats: usage.seats, proFree: usage.proFree, proSeats: usage.proSeats },
    };
  }
  if (usable.length === 0) assertCan(ctx.actor, 'user.invite', {});
  const names = await groupNamesById(ctx.store, usable);
  const groups = usable
    .filter((id) => names.has(id))
    .map((id) => ({ id, name: names.get(id)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { groups: groups.length > FORM_GROUP_LIMIT ? 'names' : groups, canChooseRoleAndPro: false, seats: undefined };
}

interface Plan {
  role: Role;
  pro: boolean;
  message: string | undefined;
  language: InvitationLanguage;
  groupIds: string[];
  groupNames: string[];
}

/**
 * Invites people by email. Each new invitation takes a license seat (and a Pro seat with
 * `pro`) and writes an audit entry; addresses that are already people or pending invitations
 * are skipped with the reason; once the seats run out the remaining addresses fail with the
 * no-seats message. Unknown groups or a request the actor may not make refuse everything
 * before anything changes. Admins invite anyone; group admins with the invite permission
 * invite as plain users into the groups they manage.
 */
export async function inviteUsers(ctx: ServiceContext, input: InviteUsersInput): Promise<BulkResult<InvitedPerson>> {
  const addresses = [...new Set(input.emails.map((e) => e.trim()).filter((e) => e !== ''))];
  if (addresses.length === 0) throw new UbError('invalid_input', 'Give at least one email address to invite.');
  if (addresses.length > MAX_INVITE_EMAILS) {
    throw new UbError(
      'invalid_input',
      `At most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time (got ${addresses.length.toLocaleString('en-US')}). Split the list.`,
    );
  }
  const plan = await planInvite(ctx, input);

  // One address after the other: each is a handful of `_id` operations, and one request never
  // races itself for the seat counter (FerretDB does not isolate concurrent updates of a document).
  const outcomes: Array<{ status: keyof BulkResult; outcome: BulkProblem; invitation?: InvitationDetails }> = [];
  const seen = new Set<string>();
  const seats = { exhausted: undefined as string | undefined };
  for (const [index, raw] of addresses.entries()) {
    const parsed = emailSchema.safeParse(raw);
    if (!parsed.success)
      outcomes.push({ status: 'failed', outcome: { email: raw, reason: 'not a valid email address' } });
    else if (!seen.has(parsed.data)) {
      seen.add(parsed.data);
      outcomes.push(await inviteOne(ctx, parsed.data, plan, seats));
    }
    input.onProgress?.(index + 1, addresses.length);
  }

  const result: BulkResult<InvitedPerson> = { done: [], skipped: [], failed: [] };
  for (const o of outcomes) {
    if (o.status === 'done') result.done.push({ ...o.outcome, invitation: o.invitation! });
    else result[o.status].push(o.outcome);
  }
  return result;
}

async function planInvite(ctx: ServiceContext, input: InviteUsersInput): Promise<Plan> {
  const message = input.message?.trim() || undefined;
  if (message && message.length > MAX_INVITE_MESSAGE) {
    throw new UbError(
      'invalid_input',
      `The message is too long: at most ${MAX_INVITE_MESSAGE.toLocaleString('en-US')} characters (got ${message.length.toLocaleString('en-US')}).`,
    );
  }
  const role = input.role ?? 'user';
  if (role === 'group_admin') {
    throw new UbError(
      'invalid_input',
      'Invite them as a user (with `--group` for their groups); once they have joined, make them a group admin with `/ub group admin`, which also sets what they may do.',
    );
  }
  const groups = await resolveGroups(ctx, input.groupNames ?? [], input.groupIds ?? []);
  authorizeInvite(ctx.actor, groups, role, input.pro === true);
  const language = input.language ?? DEFAULT_INVITATION_LANGUAGE;
  if (!INVITATION_LANGUAGES.some((l) => l.code === language))
    throw new UbError('invalid_input', `ub cannot write invitations in “${language}”.`);
  return {
    role,
    pro: input.pro === true,
    message,
    language,
    groupIds: groups.map((g) => g.id),
    groupNames: groups.map((g) => g.name),
  };
}

async function resolveGroups(
  ctx: ServiceContext,
  names: string[],
  ids: string[],
): Promise<Array<{ id: string; name: string }>> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  const byName = await Promise.all(
    wanted.map((name) => ctx.store.groupNames.findById(groupNameKey(ctx.orgId, name)).lean().exec()),
  );
  const unknown = wanted.filter((_, i) => !byName[i]);
  if (unknown.length > 0) {
    const list = unknown.map((n) => `“${n}”`).join(', ');
    throw new UbError(
      'invalid_input',
      `No group named ${list}, so nobody was invited. \`/ub group list\` shows the groups.`,
      { unknown },
    );
  }
  const allIds = [...new Set([...byName.map((g) => g!.groupId), ...ids])];
  const groups = await Promise.all(
    allIds.map((id) => ctx.store.groups.findById(id).select({ name: 1, orgId: 1 }).lean().exec()),
  );
  if (groups.some((g) => !g || g.orgId !== ctx.orgId)) {
    throw new UbError(
      'invalid_input',
      'One of the groups no longer exists, so nobody was invited. Pick the groups again.',
    );
  }
  return groups.map((g) => ({ id: g!._id, name: g!.name }));
}

function authorizeInvite(actor: Actor, groups: Array<{ id: string; name: string }>, role: Role, pro: boolean): void {
  if (actor.role === 'admin') return;
  const usable = groupsActorMayUse(actor, 'user.invite') ?? [];
  // A plain user, or a group admin without the invite permission: the standard refusal says which.
  if (usable.length === 0) assertCan(actor, 'user.invite', {});
  if (groups.length === 0) {
    throw new UbError(
      'not_authorized',
      'Group admins invite people into the groups they manage: name one with `--group <name>` (or pick it in the form).',
    );
  }
  const outside = groups.filter((g) => !usable.includes(g.id));
  if (outside.length > 0) {
    throw new UbError(
      'not_authorized',
      `You can only invite people into groups you manage with the invite permission, not into ${outside.map((g) => `“${g.name}”`).join(', ')}.`,
    );
  }
  if (role !== 'user' || pro) {
    throw new UbError(
      'not_authorized',
      'Only admins can invite someone as an admin or with a Pro license. Invite them as a user; an admin can change it later.',
    );
  }
}

async function inviteOne(
  ctx: ServiceContext,
  email: string,
  plan: Plan,
  seats: { exhausted: string | undefined },
): Promise<{ status: keyof BulkResult; outcome: BulkProblem; invitation?: InvitationDetails }> {
  const skipped = (reason: string) => ({ status: 'skipped' as const, outcome: { email, reason } });
  const failed = (reason: string) => ({ status: 'failed' as const, outcome: { email, reason } });
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).select({ status: 1 }).lean().exec();
  if (user) return skipped(user.status === 'active' ? 'already an active user' : 'deactivated; use `/ub reactivate`');
  const _id = personKey(ctx.orgId, email);
  const existing = await ctx.store.invitations.findById(_id).select({ status: 1 }).lean().exec();
  if (existing?.status === 'pending') return skipped('already invited, use `/ub resend`');
  if (seats.exhausted) return failed(seats.exhausted);

  try {
    await takeSeat(ctx.store, ctx.orgId, { pro: plan.pro });
  } catch (error) {
    if (!(error instanceof UbError) || error.code !== 'no_seats') throw error;
    seats.exhausted = error.message;
    return failed(error.message);
  }
  const now = ctx.now();
  const licenseType = plan.pro ? ('pro' as const) : ('standard' as const);
  const invitedBy = ctx.actor.email ?? ctx.actor.slackUserId;
  const fields = {
    orgId: ctx.orgId,
    email,
    status: 'pending' as const,
    role: plan.role,
    licenseType,
    groupIds: plan.groupIds,
    ...(plan.message ? { message: plan.message } : {}),
    language: plan.language,
    ...(invitedBy ? { invitedBy } : {}),
    sendCount: 1,
    firstSentAt: now,
    lastSentAt: now,
  };
  let written: boolean;
  try {
    if (existing) {
      // A cancelled invitation is reused, guarded on its status: someone may be reinviting it right now.
      const reused = await ctx.store.invitations
        .findOneAndUpdate(
          { _id, status: 'cancelled' },
          {
            $set: fields,
            $unset: { acceptedAt: 1, cancelledAt: 1, slackUserId: 1, ...(plan.message ? {} : { message: 1 }) },
            $inc: { version: 1 },
          },
        )
        .lean()
        .exec();
      written = reused !== null;
    } else {
      // A plain insert (an `_id` write on every engine): two admins inviting the same address
      // at once collide on `_id`, and only one invitation exists.
      await ctx.store.invitations.create({ _id, ...fields, version: 0 });
      written = true;
    }
  } catch (error) {
    if (!isDuplicateKey(error)) {
      await freeSeat(ctx.store, ctx.orgId, { pro: plan.pro });
      throw error;
    }
    written = false;
  }
  if (!written) {
    await freeSeat(ctx.store, ctx.orgId, { pro: plan.pro });
    const current = await ctx.store.invitations.findById(_id).select({ status: 1 }).lean().exec();
    return skipped(current?.status === 'accepted' ? 'already an active user' : 'already invited, use `/ub resend`');
  }
  await countPending(ctx.store, ctx.orgId, plan.groupIds, 1);
  await recordAudit(ctx, {
    action: 'invitation.create',
    targetType: 'invitation',
    targetId: _id,
    subjects: [email, ...plan.groupIds],
    before: existing ? { status: existing.status } : null,
    after: {
      status: 'pending',
      role: plan.role,
      licenseType,
      groupIds: plan.groupIds,
      ...(plan.message ? { message: plan.message } : {}),
      language: plan.language,
    },
  });
  const details: InvitationDetails = {
    email,
    role: plan.role,
    licenseType,
    groupNames: plan.groupNames,
    message: plan.message,
    language: plan.language,
    slackUserId: undefined,
  };
  return {
    status: 'done',
    outcome: { email, reason: plan.pro ? 'invited with a Pro license' : 'invited' },
    invitation: details,
  };
}
