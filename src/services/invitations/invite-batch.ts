import type { ServiceContext } from '../context.js';
import { personKey, type BulkOutcome } from '../domain.js';
import { emailSchema } from '../email.js';
import { duplicateKeyIndexes, onlyDuplicateKeys } from '../errors.js';
import type { InvitationDoc } from '../models/invitation.js';
import { recordAuditOnce } from '../record-audit.js';
import { forgetSeatMoves, noSeatsLeft, returnBatchSeats, takeBatchSeats } from '../seats-repository.js';
import { countInviteesOnce, forgetInviteeCounts } from './invitation-repository.js';
import type { InvitationDetails } from './invitation-details.js';
import type { InvitePlan } from './invite-plan.js';

/**
 * Up to a page of one invite's addresses. `id` names the batch across attempts (`<runId>:p0003`;
 * letters, digits, `:`, `_` and `-` only): a batch run again after a crash, or by a second runner at
 * the same time, finds its own writes by it and does nothing twice. `run` names the whole invite.
 */
export interface InviteBatch {
  id: string;
  run: string;
  items: Array<{ index: number; email: string }>;
}

/** A batch item's outcome; a done one carries what its invitation DM says. */
export interface InviteOutcome extends BulkOutcome {
  invitation?: InvitationDetails;
}

interface Candidate {
  index: number;
  typed: string;
  email: string;
}

/**
 * Invites one batch of addresses with a handful of round trips for the whole batch: a point read
 * per address to skip people who are members already, one guarded `$inc` for the batch's seats,
 * one insertMany of invitations (reading back only the addresses that collide with an existing
 * invitation), one `$inc` giving back the seats not used, one insertMany of audit entries. Every
 * write is idempotent (decision 016): the seat moves are recorded by token on the organization in
 * the same update, each invitation carries the batch that wrote it, and audit entries have ids
 * derived from the batch and item, so a batch applied again reports and changes exactly what the
 * first attempt did (and repairs an audit entry the first attempt did not get to write).
 */
export async function inviteBatch(ctx: ServiceContext, plan: InvitePlan, batch: InviteBatch): Promise<InviteOutcome[]> {
  const outcomes = new Map<number, InviteOutcome>();
  const valid: Candidate[] = [];
  const seen = new Map<string, string>();
  for (const item of batch.items) {
    const parsed = emailSchema.safeParse(item.email);
    if (!parsed.success) {
      outcomes.set(item.index, { status: 'failed', email: item.email, reason: 'not a valid email address' });
    } else if (seen.has(parsed.data)) {
      outcomes.set(item.index, {
        status: 'skipped',
        email: item.email,
        reason: `listed twice (same address as ${seen.get(parsed.data)})`,
      });
    } else {
      seen.set(parsed.data, item.email);
      valid.push({ index: item.index, typed: item.email, email: parsed.data });
    }
  }

  const members = await Promise.all(
    valid.map((c) => ctx.store.users.findById(personKey(ctx.orgId, c.email)).select({ status: 1 }).lean().exec()),
  );
  const memberStatus = new Map(valid.map((c, i) => [c.email, members[i]?.status]));
  const candidates = valid.filter((c) => !memberStatus.get(c.email));

  const now = ctx.now();
  const seats = await takeBatchSeats(ctx.store, ctx.orgId, {
    token: `${batch.id}:take`,
    emails: candidates.map((c) => c.email),
    pro: plan.pro,
    now,
  });
  const seated = new Set(seats.emails);
  const toInsert: Candidate[] = [];
  const seatedMembers: Candidate[] = [];
  for (const c of valid) {
    const status = memberStatus.get(c.email);
    if (status && seated.has(c.email)) seatedMembers.push(c);
    else if (status === 'active') outcomes.set(c.index, skipped(c, 'already an active user'));
    else if (status) outcomes.set(c.index, skipped(c, 'deactivated; use `/ub reactivate`'));
    else if (seated.has(c.email)) toInsert.push(c);
  }
  // A member now for whom the first attempt of this batch took a seat: they may have accepted the
  // invitation that attempt wrote (then it is this batch's, and keeps its seat), or joined otherwise.
  const ownBefore = await Promise.all(
    seatedMembers.map((c) => ctx.store.invitations.findById(personKey(ctx.orgId, c.email)).lean().exec()),
  );
  const unseated = candidates.filter((c) => !seated.has(c.email));
  if (unseated.length > 0) {
    // Short of seats (rare): an address that has an invitation already is reported as such, not as
    // failing for want of a seat it does not need.
    const existing = await Promise.all(
      unseated.map((c) => ctx.store.invitations.findById(personKey(ctx.orgId, c.email)).lean().exec()),
    );
    const reason = (await noSeatsLeft(ctx.store, ctx.orgId, plan.pro)).message;
    unseated.forEach((c, i) => {
      const verdict = existing[i] && existing[i].status !== 'cancelled' ? classify(existing[i], batch, c) : undefined;
      outcomes.set(c.index, verdict && verdict !== 'own' ? verdict : { status: 'failed', email: c.email, reason });
    });
  }

  const created = await insertInvitations(ctx, plan, batch, toInsert, now);
  seatedMembers.forEach((c, i) => {
    const own = ownBefore[i]?.batch?.id === batch.id;
    created.set(
      c.index,
      own
        ? {
            status: 'done',
            email: c.typed,
            reason: 'invited (and has joined since)',
            reused: ownBefore[i]!.batch!.reused,
          }
        : skipped(c, 'already an active user'),
    );
    toInsert.push(c);
  });
  for (const c of toInsert) outcomes.set(c.index, created.get(c.index)!);
  const createdCount = [...created.values()].filter((o) => o.status === 'done').length;
  // The seats not used go back, and the pending counters move by the invitations written, each
  // exactly once per batch (the token is set in the same update).
  await returnBatchSeats(ctx.store, ctx.orgId, {
    token: `${batch.id}:return`,
    n: seats.n - createdCount,
    pro: plan.pro,
    pendingInvitations: createdCount,
    now,
  });
  await countInviteesOnce(ctx.store, ctx.orgId, plan.groupIds, `${batch.id}:invitees`, createdCount);
  await recordAuditOnce(
    ctx,
    toInsert
      .filter((c) => created.get(c.index)!.status === 'done')
      .map((c) => ({
        id: `${batch.id}:${c.index}:invitation.create`,
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: personKey(ctx.orgId, c.email),
        subjects: [c.email, ...plan.groupIds],
        before: created.get(c.index)!.reused ? { status: 'cancelled' } : null,
        after: {
          status: 'pending',
          role: plan.role,
          licenseType: plan.pro ? 'pro' : 'standard',
          groupIds: plan.groupIds,
          ...(plan.message ? { message: plan.message } : {}),
          language: plan.language,
        },
      })),
  );
  return batch.items.map((item) => {
    const { status, email, reason, invitation } = outcomes.get(item.index)!;
    return invitation ? { status, email, reason, invitation } : { status, email, reason };
  });
}

/**
 * Once batches are applied for good (their outcomes recorded, and no second runner can still be in
 * the middle of one), their seat tokens are no longer needed: one update for all of them.
 */
export async function settleInviteBatches(
  ctx: ServiceContext,
  plan: Pick<InvitePlan, 'groupIds'>,
  batchIds: string[],
): Promise<void> {
  await forgetSeatMoves(
    ctx.store,
    ctx.orgId,
    batchIds.flatMap((id) => [`${id}:take`, `${id}:return`]),
  );
  await forgetInviteeCounts(
    ctx.store,
    plan.groupIds,
    batchIds.map((id) => `${id}:invitees`),
  );
}

const skipped = (c: Candidate, reason: string): InviteOutcome => ({ status: 'skipped', email: c.email, reason });

/**
 * Inserts the batch's invitations (insert first: one round trip, and only addresses that already
 * have an invitation document are read back and decided one by one).
 */
async function insertInvitations(
  ctx: ServiceContext,
  plan: InvitePlan,
  batch: InviteBatch,
  candidates: Candidate[],
  now: Date,
): Promise<Map<number, InviteOutcome & { reused?: boolean }>> {
  const result = new Map<number, InviteOutcome & { reused?: boolean }>();
  if (candidates.length === 0) return result;
  const licenseType = plan.pro ? ('pro' as const) : ('standard' as const);
  const invitedBy = ctx.actor.email ?? ctx.actor.slackUserId;
  const fields = (c: Candidate, reused: boolean) => ({
    orgId: ctx.orgId,
    email: c.email,
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
    batch: { id: batch.id, run: batch.run, index: c.index, reused },
  });
  const details = (c: Candidate): InvitationDetails => ({
    email: c.email,
    role: plan.role,
    licenseType,
    groupNames: plan.groupNames,
    message: plan.message,
    language: plan.language,
    slackUserId: undefined,
  });
  const done = (c: Candidate, reused: boolean) => ({
    status: 'done' as const,
    email: c.email,
    reason: plan.pro ? 'invited with a Pro license' : 'invited',
    invitation: details(c),
    reused,
  });

  let collided: Candidate[] = [];
  try {
    // lean: every field is given here (defaults and timestamps too), and mongoose's casting of 100
    // documents costs three times the insert itself.
    await ctx.store.invitations.insertMany(
      candidates.map((c) => ({
        _id: personKey(ctx.orgId, c.email),
        ...fields(c, false),
        version: 0,
        createdAt: now,
        updatedAt: now,
      })),
      { ordered: false, lean: true },
    );
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    collided = duplicateKeyIndexes(error).map((i) => candidates[i]!);
  }
  const collidedSet = new Set(collided);
  for (const c of candidates) if (!collidedSet.has(c)) result.set(c.index, done(c, false));

  for (const c of collided) {
    const _id = personKey(ctx.orgId, c.email);
    // Two rounds at most: a cancelled invitation someone else reuses first is then theirs, pending.
    for (let round = 0; round < 2 && !result.has(c.index); round += 1) {
      const existing = await ctx.store.invitations.findById(_id).lean().exec();
      const verdict = existing ? classify(existing, batch, c) : undefined;
      if (verdict === 'own') result.set(c.index, done(c, existing!.batch?.reused === true));
      else if (verdict) result.set(c.index, verdict);
      else if (existing?.status === 'cancelled') {
        const reused = await ctx.store.invitations
          .findOneAndUpdate(
            { _id, status: 'cancelled' },
            {
              $set: fields(c, true),
              $unset: { acceptedAt: 1, cancelledAt: 1, slackUserId: 1, ...(plan.message ? {} : { message: 1 }) },
              $inc: { version: 1 },
            },
          )
          .lean()
          .exec();
        if (reused) result.set(c.index, done(c, true));
      }
    }
    if (!result.has(c.index)) result.set(c.index, skipped(c, 'already invited, use `/ub resend`'));
  }
  return result;
}

/** What an existing invitation means for this batch's address: its own earlier write, or a reason to skip. */
function classify(existing: InvitationDoc, batch: InviteBatch, c: Candidate): 'own' | InviteOutcome | undefined {
  if (existing.batch?.id === batch.id) return 'own';
  if (existing.status === 'cancelled') return undefined;
  if (existing.batch?.run === batch.run) return skipped(c, 'listed twice in this invite');
  if (existing.status === 'accepted') return skipped(c, 'already an active user');
  return skipped(c, 'already invited, use `/ub resend`');
}
