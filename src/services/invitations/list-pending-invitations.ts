import { personKey, type InvitationLanguage, type LicenseType, type Role } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { InvitationDoc } from '../models/invitation.js';
import { pendingScope } from './invitation-policy.js';

export interface PendingInvitation {
  email: string;
  role: Role;
  licenseType: LicenseType;
  language: InvitationLanguage;
  groups: Array<{ id: string; name: string }>;
  invitedBy: string | undefined;
  sendCount: number;
  firstSentAt: Date;
  lastSentAt: Date;
}

export interface PendingInvitationPage {
  invitations: PendingInvitation[];
  /** Pending invitations the actor may see, all pages together. */
  total: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

export const MAX_PAGE_SIZE = 100;

/**
 * One page of pending invitations, in email order, keyset-paged on `_id` (`<orgId>:<email>`):
 * `after` (exclusive) for the next page, `before` (exclusive) for the previous one, `from`
 * (inclusive) to show the same page again after a change. Group admins see only invitations
 * into groups they manage with the invite permission.
 */
export async function listPendingInvitations(
  ctx: ServiceContext,
  input: { after?: string; before?: string; from?: string; limit: number },
): Promise<PendingInvitationPage> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_PAGE_SIZE) {
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_PAGE_SIZE} invitations.`);
  }
  const base = pendingScope(ctx, 'invitation.view');
  const id = (email: string) => personKey(ctx.orgId, email);
  const model = ctx.store.invitations;
  let docs: InvitationDoc[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (input.before !== undefined) {
    const found = await model
      .find({ ...base, _id: { $lt: id(input.before) } })
      .sort({ _id: -1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasPrevious = found.length > input.limit;
    docs = found.slice(0, input.limit).reverse();
    hasNext =
      (await model
        .findOne({ ...base, _id: { $gte: id(input.before) } })
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  } else {
    const lower =
      input.after !== undefined
        ? { $gt: id(input.after) }
        : input.from !== undefined
          ? { $gte: id(input.from) }
          : undefined;
    const found = await model
      .find({ ...base, ...(lower ? { _id: lower } : {}) })
      .sort({ _id: 1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasNext = found.length > input.limit;
    docs = found.slice(0, input.limit);
    const first =
      docs[0]?._id ??
      (input.after !== undefined ? id(input.after) : input.from !== undefined ? id(input.from) : undefined);
    hasPrevious =
      lower !== undefined &&
      first !== undefined &&
      (await model
        .findOne({ ...base, _id: { $lt: first } })
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  }
  const total = await model.countDocuments(base).exec();
  const names = await groupNamesById(
    ctx.store,
    docs.flatMap((d) => d.groupIds),
  );
  return {
    invitations: docs.map((d) => ({
      email: d.email,
      role: d.role,
      licenseType: d.licenseType,
      language: d.language ?? 'en',
      groups: d.groupIds.filter((g) => names.has(g)).map((g) => ({ id: g, name: names.get(g)! })),
      invitedBy: d.invitedBy,
      sendCount: d.sendCount,
      firstSentAt: d.firstSentAt,
      lastSentAt: d.lastSentAt,
    })),
    total,
    hasNext,
    hasPrevious,
  };
}
