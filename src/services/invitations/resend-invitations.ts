import type { ServiceContext } from '../context.js';
import { assertCan, can } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import { personKey, type BulkResult } from '../domain.js';
import type { InvitationDoc } from '../models/invitation.js';
import { MAX_INVITE_EMAILS } from './invite-users.js';
import { groupNamesById } from '../groups/group-repository.js';
import { invitationDetails, type InvitedPerson } from './invitation-details.js';
import { pendingScope } from './invitation-policy.js';

/** Pending invitations read per round trip by `{ all: true }`. */
const BATCH = 200;

/**
 * Sends pending invitations again: each one counts one more send and a new last-sent time,
 * and stays the one pending invitation of its email. By addresses (reported one by one) or
 * all the actor may manage (group admins: those into the groups they manage).
 */
export async function resendInvitations(
  ctx: ServiceContext,
  input: { emails: string[] } | { all: true },
): Promise<BulkResult<InvitedPerson>> {
  const result: BulkResult<InvitedPerson> = { done: [], skipped: [], failed: [] };
  const names = new Map<string, string>();
  if ('all' in input) {
    const scope = pendingScope(ctx, 'invitation.manage');
    let after: string | undefined;
    for (;;) {
      const page = await ctx.store.invitations
        .find({ ...scope, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean()
        .exec();
      for (const doc of page) await resendOne(ctx, doc, result, names);
      if (page.length < BATCH) break;
      after = page.at(-1)!._id;
    }
    return result;
  }

  const addresses = [...new Set(input.emails.map((e) => e.trim()).filter(Boolean))];
  if (addresses.length === 0)
    throw new UbError('invalid_input', 'Name at least one invitation to resend, or use `--all`.');
  if (addresses.length > MAX_INVITE_EMAILS)
    throw new UbError('invalid_input', `At most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time.`);
  // A plain user is refused as a whole; group admins are told per address which are outside their groups.
  if (ctx.actor.role === 'user') assertCan(ctx.actor, 'invitation.manage');
  for (const raw of addresses) {
    const parsed = emailSchema.safeParse(raw);
    if (!parsed.success) {
      result.failed.push({ email: raw, reason: 'not a valid email address' });
      continue;
    }
    const email = parsed.data;
    const doc = await ctx.store.invitations.findById(personKey(ctx.orgId, email)).lean().exec();
    if (!doc) result.skipped.push({ email, reason: 'not invited; use `/ub invite`' });
    else if (!can(ctx.actor, 'invitation.manage', { groupIds: doc.groupIds })) {
      result.failed.push({ email, reason: 'not invited into a group you manage with the invite permission' });
    } else if (doc.status === 'accepted') result.skipped.push({ email, reason: 'already joined' });
    else if (doc.status === 'cancelled')
      result.skipped.push({ email, reason: 'the invitation was cancelled; invite again with `/ub invite`' });
    else await resendOne(ctx, doc, result, names);
  }
  return result;
}

async function resendOne(
  ctx: ServiceContext,
  doc: InvitationDoc,
  result: BulkResult<InvitedPerson>,
  names: Map<string, string>,
): Promise<void> {
  const now = ctx.now();
  const updated = await ctx.store.invitations
    .findOneAndUpdate(
      { _id: doc._id, status: 'pending' },
      { $inc: { sendCount: 1, version: 1 }, $set: { lastSentAt: now } },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!updated) {
    result.skipped.push({ email: doc.email, reason: 'no longer pending (accepted or cancelled just now)' });
    return;
  }
  await recordAudit(ctx, {
    action: 'invitation.resend',
    targetType: 'invitation',
    targetId: doc._id,
    subjects: [doc.email, ...doc.groupIds],
    before: { sendCount: updated.sendCount - 1, lastSentAt: doc.lastSentAt },
    after: { sendCount: updated.sendCount, lastSentAt: now },
  });
  await groupNamesById(ctx.store, updated.groupIds, names);
  result.done.push({
    email: doc.email,
    reason: `sent ${ordinalTimes(updated.sendCount)}`,
    invitation: invitationDetails(updated, names),
  });
}

function ordinalTimes(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}
