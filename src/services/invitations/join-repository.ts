import { type InvitationLanguage, type Role, personKey, type LicenseType } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { recordAudit } from '../record-audit.js';
import { isDuplicateKey } from '../errors.js';
import type { InvitationDoc } from '../models/invitation.js';
import type { UserDoc } from '../models/user.js';
import { freeSeat } from '../seats-repository.js';
import { groupNamesById } from '../groups/group-repository.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';
import { funnelIncrements } from '../insights/funnel-counter-repository.js';
import { countPending } from './invitation-repository.js';

/**
 * Joining through an invitation, shared by the Accept button (accept-invitation.ts) and the
 * learning platform's login events (services/insights): the one way a pending invitation becomes
 * a member.
 */

export interface AcceptedInvitation {
  email: string;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  /** The language their invitation was written in: the welcome uses it too. */
  language: InvitationLanguage;
  /** True when this click found the invitation already accepted (a double click, a second device). */
  alreadyJoined: boolean;
}

/**
 * Turns a pending invitation into an active member (the seat the invitation held stays taken):
 * the pending → accepted step is one guarded update, so of two attempts at once (a double click,
 * a login reported by the learning platform) one creates the member. Undefined when there was no
 * pending invitation. The caller has checked who may do it.
 */
export async function joinFromInvitation(
  ctx: ServiceContext,
  email: string,
  input: { slackUserId: string | undefined; realName: string | undefined; at: Date },
): Promise<AcceptedInvitation | undefined> {
  const _id = personKey(ctx.orgId, email);
  const now = input.at;
  const invitation = await ctx.store.invitations
    .findOneAndUpdate(
      { _id, status: 'pending' },
      {
        $set: { status: 'accepted', acceptedAt: now, ...(input.slackUserId ? { slackUserId: input.slackUserId } : {}) },
        $inc: { version: 1 },
      },
      { returnDocument: 'before' },
    )
    .lean()
    .exec();
  if (!invitation) return undefined;
  await countPending(ctx.store, ctx.orgId, invitation.groupIds, -1);

  const names = await groupNamesById(ctx.store, invitation.groupIds);
  // Groups deleted while the invitation was pending are dropped: memberships need a group.
  const groupIds = invitation.groupIds.filter((g) => names.has(g));
  const [firstName = '', ...rest] = (input.realName ?? '').trim().split(/\s+/);
  const surname = rest.join(' ');
  const user = {
    _id: personKey(ctx.orgId, email),
    orgId: ctx.orgId,
    email,
    firstName,
    surname,
    role: invitation.role,
    status: 'active' as const,
    licenseType: invitation.licenseType,
    groupIds,
    managedGroups: [],
    slackUserId: input.slackUserId ?? invitation.slackUserId,
    invitedAt: invitation.firstSentAt,
    joinedAt: now,
    version: 0,
  } satisfies Partial<UserDoc>;
  try {
    await writeMemberIndexed(ctx.store, ctx.orgId, { after: user }, () => ctx.store.users.create(user));
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // The person became a user some other way meanwhile (an import): they hold a seat already,
    // so the one this invitation reserved goes back.
    await freeSeat(ctx.store, ctx.orgId, { pro: invitation.licenseType === 'pro' });
    return { ...describe(invitation, names), alreadyJoined: true };
  }
  // The new member is at the joined step: counted with the member count, in the same `$inc`.
  const joined = funnelIncrements(undefined, user);
  await Promise.all([
    ctx.store.organizations.updateOne({ _id: ctx.orgId }, { $inc: joined }).exec(),
    ...groupIds.map((g) => ctx.store.groups.updateOne({ _id: g }, { $inc: { memberCount: 1, ...joined } }).exec()),
  ]);
  await recordAudit(ctx, {
    action: 'invitation.accept',
    targetType: 'invitation',
    targetId: _id,
    subjects: [email, ...groupIds],
    before: { status: 'pending' },
    after: {
      status: 'accepted',
      userId: user._id,
      role: invitation.role,
      licenseType: invitation.licenseType,
      groupIds,
    },
  });
  return { ...describe(invitation, names), alreadyJoined: false };
}

export function describe(
  invitation: Pick<InvitationDoc, 'email' | 'role' | 'licenseType' | 'groupIds' | 'language'>,
  names: Map<string, string>,
) {
  return {
    email: invitation.email,
    role: invitation.role,
    licenseType: invitation.licenseType,
    groupNames: invitation.groupIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    language: invitation.language ?? 'en',
  };
}
