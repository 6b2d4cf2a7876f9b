import type { Actor, ServiceContext } from '../context.js';
import {
  DEFAULT_INVITATION_LANGUAGE,
  INVITATION_LANGUAGES,
  type BulkOutcome,
  type InvitationLanguage,
  type Role,
} from '../domain.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { emailSchema } from '../email.js';
import { groupNameKey } from '../models/group.js';

export const MAX_INVITE_EMAILS = 1000;
export const MAX_INVITE_MESSAGE = 1000;

/** What every address of one invite gets, decided (and authorized) once before any address is invited. */
export interface InvitePlan {
  role: Role;
  pro: boolean;
  message: string | undefined;
  /** The language the invitation (and its DM) is written in. */
  language: InvitationLanguage;
  groupIds: string[];
  groupNames: string[];
}

export interface InvitePlanInput {
  /** Groups by name (case-insensitive), as typed in a command. */
  groupNames?: string[];
  /** Groups by id, as picked in the form. */
  groupIds?: string[];
  role?: Role;
  pro?: boolean;
  message?: string;
  /** The language the invitation is written in; English unless said. */
  language?: InvitationLanguage;
}

/** The addresses of an invite as typed: trimmed, repeats kept (each gets its line), at least one and at most 1,000. */
export function inviteAddresses(emails: string[]): string[] {
  const addresses = emails.map((e) => e.trim()).filter((e) => e !== '');
  if (addresses.length === 0) throw new UbError('invalid_input', 'Give at least one email address to invite.');
  if (addresses.length > MAX_INVITE_EMAILS) {
    throw new UbError(
      'invalid_input',
      `At most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time (got ${addresses.length.toLocaleString('en-US')}). Split the list.`,
    );
  }
  return addresses;
}

/**
 * An invite's addresses split into those to invite and those listed again (in any case: `Ann@Acme.test`
 * then `ann@acme.test`), each repeat with its own outcome, however far apart in the list (a bulk
 * invite applies pages of 100 that do not see each other). Malformed addresses stay in `unique`:
 * the batch reports each.
 */
export function splitRepeatedAddresses(addresses: string[]): { unique: string[]; repeats: BulkOutcome[] } {
  const first = new Map<string, string>();
  const unique: string[] = [];
  const repeats: BulkOutcome[] = [];
  for (const typed of addresses) {
    const email = emailSchema.safeParse(typed).data;
    const earlier = email === undefined ? undefined : first.get(email);
    if (earlier !== undefined) {
      repeats.push({
        status: 'skipped',
        email: typed,
        reason: earlier === typed ? 'listed twice' : `listed twice (same address as ${earlier})`,
      });
      continue;
    }
    if (email !== undefined) first.set(email, typed);
    unique.push(typed);
  }
  return { unique, repeats };
}

/**
 * Checks and resolves what an invite asks for: the message, the role, the groups (unknown ones
 * refuse everything before anything changes) and whether the actor may invite so. Admins invite
 * anyone; group admins with the invite permission invite as plain users into the groups they manage.
 */
export async function planInvite(ctx: ServiceContext, input: InvitePlanInput): Promise<InvitePlan> {
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
