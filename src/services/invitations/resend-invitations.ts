import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { assertCan, can } from '../authorization.js';
import { recordAuditOnce } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import { personKey, type BulkOutcome, type BulkResult } from '../domain.js';
import type { InvitationDoc } from '../models/invitation.js';
import { MAX_INVITE_EMAILS, splitRepeatedAddresses } from './invite-plan.js';
import { groupNamesById } from '../groups/group-repository.js';
import { invitationDetails, type InvitationDetails, type InvitedPerson } from './invitation-details.js';
import { pendingScope } from './invitation-policy.js';

/** Pending invitations read per round trip by `{ all: true }`. */
const BATCH = 200;

/** A resend item's outcome; a done one carries what its DM says. */
export interface ResendOutcome extends BulkOutcome {
  invitation?: InvitationDetails;
}

/**
 * Sends pending invitations again: each one counts one more send and a new last-sent time,
 * and stays the one pending invitation of its email. By addresses (reported one by one) or
 * all the actor may manage (group admins: those into the groups they manage). In the request:
 * `/ub resend --all` asks first and runs as a durable job (resendBatch), this is for a few.
 */
export async function resendInvitations(
  ctx: ServiceContext,
  input: { emails: string[] } | { all: true },
): Promise<BulkResult<InvitedPerson>> {
  const result: BulkResult<InvitedPerson> = { done: [], skipped: [], failed: [] };
  const batch = `${ctx.orgId}:inline:${randomBytes(6).toString('hex')}`;
  const add = (outcome: ResendOutcome) => {
    if (outcome.status === 'done')
      result.done.push({ email: outcome.email, reason: outcome.reason, invitation: outcome.invitation! });
    else result[outcome.status].push({ email: outcome.email, reason: outcome.reason });
  };
  if ('all' in input) {
    const emails = await pendingInvitationsToResend(ctx);
    for (const outcome of await resendBatch(ctx, {
      id: batch,
      items: emails.map((email, index) => ({ index, email })),
    }))
      add(outcome);
    return result;
  }

  // An address named twice is sent once, and the second mention says so rather than vanishing.
  const { unique: addresses, repeats } = splitRepeatedAddresses(input.emails.map((e) => e.trim()).filter(Boolean));
  if (addresses.length === 0)
    throw new UbError('invalid_input', 'Name at least one invitation to resend, or use `--all`.');
  if (addresses.length > MAX_INVITE_EMAILS)
    throw new UbError('invalid_input', `At most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time.`);
  // A plain user is refused as a whole; group admins are told per address which are outside their groups.
  if (ctx.actor.role === 'user') assertCan(ctx.actor, 'invitation.manage');
  for (const outcome of await resendBatch(ctx, {
    id: batch,
    items: addresses.map((email, index) => ({ index, email })),
  }))
    add(outcome);
  for (const repeat of repeats) result.skipped.push({ email: repeat.email, reason: repeat.reason });
  return result;
}

/** How many pending invitations `/ub resend --all` would send again, for its confirmation. */
export async function countPendingToResend(ctx: ServiceContext): Promise<number> {
  return ctx.store.invitations.countDocuments(pendingScope(ctx, 'invitation.manage')).exec();
}

/** The emails of every pending invitation the actor may resend, in `_id` order (paged reads). */
export async function pendingInvitationsToResend(ctx: ServiceContext): Promise<string[]> {
  const scope = pendingScope(ctx, 'invitation.manage');
  const emails: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await ctx.store.invitations
      .find({ ...scope, ...(after ? { _id: { $gt: after } } : {}) })
      .select({ email: 1 })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean()
      .exec();
    emails.push(...page.map((doc) => doc.email));
    if (page.length < BATCH) return emails;
    after = page.at(-1)!._id;
  }
}

/**
 * Resends a batch of invitations, each exactly once per item: the send is counted in a guarded
 * update that also records the item (`lastSend`), so the same item applied again (a resumed job)
 * recognizes its own send instead of counting another; its audit entry has an id derived from the
 * item and is written once.
 */
export async function resendBatch(
  ctx: ServiceContext,
  batch: { id: string; items: Array<{ index: number; email: string }> },
): Promise<ResendOutcome[]> {
  const names = new Map<string, string>();
  const outcomes: ResendOutcome[] = [];
  for (const item of batch.items) {
    const parsed = emailSchema.safeParse(item.email);
    if (!parsed.success) {
      outcomes.push({ status: 'failed', email: item.email, reason: 'not a valid email address' });
      continue;
    }
    outcomes.push(await resendOne(ctx, `${batch.id}:${item.index}`, parsed.data, names));
  }
  return outcomes;
}

async function resendOne(
  ctx: ServiceContext,
  key: string,
  email: string,
  names: Map<string, string>,
): Promise<ResendOutcome> {
  const _id = personKey(ctx.orgId, email);
  const now = ctx.now();
  let updated: InvitationDoc | null = null;
  const doc = await ctx.store.invitations.findById(_id).lean().exec();
  if (doc?.lastSend === key) updated = doc;
  else if (doc?.status === 'pending' && can(ctx.actor, 'invitation.manage', { groupIds: doc.groupIds })) {
    updated = await ctx.store.invitations
      .findOneAndUpdate(
        { _id, status: 'pending', lastSend: { $ne: key } },
        { $inc: { sendCount: 1, version: 1 }, $set: { lastSentAt: now, lastSend: key } },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    // Lost a race: with this item's own earlier attempt (resumed), or with an accept or a cancel.
    if (!updated) {
      const now2 = await ctx.store.invitations.findById(_id).lean().exec();
      if (now2?.lastSend === key) updated = now2;
      else return { status: 'skipped', email, reason: 'no longer pending (accepted or cancelled just now)' };
    }
  }
  if (!doc) return { status: 'skipped', email, reason: 'not invited; use `/ub invite`' };
  if (!updated) {
    if (!can(ctx.actor, 'invitation.manage', { groupIds: doc.groupIds }))
      return {
        status: 'failed',
        email,
        reason: 'not invited into a group you manage with the invite permission',
      };
    if (doc.status === 'accepted') return { status: 'skipped', email, reason: 'already joined' };
    return { status: 'skipped', email, reason: 'the invitation was cancelled; invite again with `/ub invite`' };
  }
  await recordAuditOnce(ctx, [
    {
      id: `${key}:invitation.resend`,
      action: 'invitation.resend',
      targetType: 'invitation',
      targetId: _id,
      subjects: [email, ...updated.groupIds],
      before: { sendCount: updated.sendCount - 1, lastSentAt: doc.lastSend === key ? undefined : doc.lastSentAt },
      after: { sendCount: updated.sendCount, lastSentAt: updated.lastSentAt },
    },
  ]);
  await groupNamesById(ctx.store, updated.groupIds, names);
  return {
    status: 'done',
    email,
    reason: `sent ${ordinalTimes(updated.sendCount)}`,
    invitation: invitationDetails(updated, names),
  };
}

function ordinalTimes(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/** What the DM of a pending invitation says now (for a resend's DM, sent after the result); undefined once it is not pending. */
export async function pendingInvitationDetails(
  ctx: ServiceContext,
  email: string,
): Promise<InvitationDetails | undefined> {
  const doc = await ctx.store.invitations.findById(personKey(ctx.orgId, email)).lean().exec();
  if (doc?.status !== 'pending') return undefined;
  return invitationDetails(doc, await groupNamesById(ctx.store, doc.groupIds));
}
