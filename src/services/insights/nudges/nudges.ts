import type { ServiceContext } from '../../context.js';
import { assertCan } from '../../authorization.js';
import type { BulkOutcome } from '../../domain.js';
import { UbError } from '../../errors.js';
import { recordAuditOnce } from '../../record-audit.js';
import { listStuckPeople, MAX_STUCK_PAGE, type StuckStep } from '../stuck-people.js';
import { utcWeekOf } from '../digests/digest-schedule.js';

/** What each step's nudge asks the person to do: the DM's subject and the audit's words. */
export const NUDGE_STEP_LABELS: Record<StuckStep, string> = {
  joined: 'accept your invitation',
  enrolled: 'pick a first course',
  started: 'start your course',
};

/** At most this many people in one Nudge run (the first ones of the stuck list, in email order). */
export const MAX_NUDGES_PER_RUN = 20_000;

export interface NudgeTarget {
  email: string;
  slackUserId: string | undefined;
}

/**
 * Everyone stuck before a step in some groups (none: the organization, admins only), for a Nudge
 * run: a team lead nudges only in groups they manage. Read a page at a time from the stuck lists.
 */
export async function peopleToNudge(
  ctx: ServiceContext,
  input: { step: StuckStep; groupIds: string[] },
): Promise<NudgeTarget[]> {
  if (input.groupIds.length === 0) assertCan(ctx.actor, 'nudge.send');
  for (const groupId of input.groupIds) assertCan(ctx.actor, 'nudge.send', { groupIds: [groupId] });
  const found = new Map<string, NudgeTarget>();
  for (const groupId of input.groupIds.length > 0 ? input.groupIds : [undefined]) {
    let after: string | undefined;
    do {
      const page = await listStuckPeople(ctx, { step: input.step, groupId, after, limit: MAX_STUCK_PAGE });
      for (const p of page.people)
        if (!found.has(p.email)) found.set(p.email, { email: p.email, slackUserId: p.slackUserId });
      after = page.hasNext ? page.next : undefined;
    } while (after !== undefined && found.size < MAX_NUDGES_PER_RUN);
  }
  return [...found.values()].slice(0, MAX_NUDGES_PER_RUN);
}

/**
 * Those of `people` not nudged for this step this week yet (one `_id` read of the claim each, a few
 * hundred at a time): who a "Nudge them" would DM now, for its confirmation. The claims made when
 * the run applies its pages stay what guarantees once a week.
 */
export async function notNudgedThisWeek<P extends { email: string }>(
  ctx: ServiceContext,
  step: StuckStep,
  people: P[],
): Promise<P[]> {
  const now = ctx.now();
  const left: P[] = [];
  for (let start = 0; start < people.length; start += CLAIM_READS_AT_ONCE) {
    const chunk = people.slice(start, start + CLAIM_READS_AT_ONCE);
    const claims = await Promise.all(
      chunk.map((p) => ctx.store.nudges.exists({ _id: nudgeKey(ctx.orgId, p.email, step, now) }).exec()),
    );
    chunk.forEach((p, i) => {
      if (!claims[i]) left.push(p);
    });
  }
  return left;
}

const CLAIM_READS_AT_ONCE = 200;

function nudgeKey(orgId: string, email: string, step: StuckStep, at: Date): string {
  return `${orgId}:nudge:${email}:${step}:${utcWeekOf(at)}`;
}

/**
 * Claims this week's nudge of each person for a step, a page (`batch`) at a time: done when the
 * claim is this batch's (made now, or before a crash), skipped when someone nudged them for that
 * step this week already. One insert for the page, then one `_id` read per person.
 */
export async function claimNudges(
  ctx: ServiceContext,
  input: { batch: string; step: StuckStep; emails: string[] },
): Promise<BulkOutcome[]> {
  const now = ctx.now();
  const keys = input.emails.map((email) => nudgeKey(ctx.orgId, email, input.step, now));
  await ctx.store.nudges
    .insertMany(
      keys.map((_id) => ({ _id, orgId: ctx.orgId, batch: input.batch, at: now })),
      { ordered: false, lean: true },
    )
    .catch((error: unknown) => {
      // Duplicates are earlier claims: this batch's own, or another run's this week (read below).
      if (
        (error as { code?: unknown; writeErrors?: unknown }).writeErrors === undefined &&
        (error as { code?: unknown }).code !== 11000
      )
        throw error;
    });
  const claims = await Promise.all(keys.map((key) => ctx.store.nudges.findById(key).lean().exec()));
  return input.emails.map((email, i) => {
    const claim = claims[i];
    if (claim?.batch === input.batch) return { status: 'done', email, reason: '' };
    if (claim) return { status: 'skipped', email, reason: 'already nudged for this step this week' };
    return { status: 'failed', email, reason: 'not recorded; try again' };
  });
}

/** The audit entries of the nudges that went out (ids derived from the run's items: written once). */
export async function recordNudgesSent(
  ctx: ServiceContext,
  records: Array<{ itemKey: string; email: string; step: StuckStep }>,
): Promise<void> {
  await recordAuditOnce(
    ctx,
    records.map((r) => ({
      id: `${r.itemKey}:nudge.sent`,
      action: 'nudge.sent' as const,
      targetType: 'user',
      targetId: `${ctx.orgId}:${r.email}`,
      subjects: [r.email],
      after: { step: r.step, stepLabel: NUDGE_STEP_LABELS[r.step] },
    })),
  );
}

export interface NudgeSettings {
  reminderEnabled: boolean;
  reminderDelayHours: number;
}

export const DEFAULT_NUDGE_SETTINGS: NudgeSettings = { reminderEnabled: true, reminderDelayHours: 48 };

/** The organization's automatic reminder (on, 48 hours, unless an admin changed it). */
export async function nudgeSettings(
  ctx: Pick<ServiceContext, 'store' | 'orgId'>,
): Promise<NudgeSettings & { remindedUpTo: Date | undefined }> {
  const doc = await ctx.store.nudgeSettings.findById(ctx.orgId).lean().exec();
  return {
    reminderEnabled: doc?.reminderEnabled ?? DEFAULT_NUDGE_SETTINGS.reminderEnabled,
    reminderDelayHours: doc?.reminderDelayHours ?? DEFAULT_NUDGE_SETTINGS.reminderDelayHours,
    remindedUpTo: doc?.remindedUpTo ?? undefined,
  };
}

/** Turns the automatic reminder on or off, or changes its delay (admins). Audited. */
export async function changeNudgeSettings(
  ctx: ServiceContext,
  change: { reminderEnabled?: boolean; reminderDelayHours?: number },
): Promise<NudgeSettings> {
  assertCan(ctx.actor, 'nudge.configure');
  if (change.reminderDelayHours !== undefined && (change.reminderDelayHours < 1 || change.reminderDelayHours > 24 * 30))
    throw new UbError('invalid_input', 'The reminder delay is 1 to 720 hours.');
  const before = await nudgeSettings(ctx);
  const after: NudgeSettings = {
    reminderEnabled: change.reminderEnabled ?? before.reminderEnabled,
    reminderDelayHours: change.reminderDelayHours ?? before.reminderDelayHours,
  };
  await ctx.store.nudgeSettings.updateOne({ _id: ctx.orgId }, { $set: after }, { upsert: true }).exec();
  await recordAuditOnce(ctx, [
    {
      id: `${ctx.orgId}:nudge-settings:${ctx.now().getTime()}:${ctx.requestId ?? ''}`,
      action: 'nudge.settings_changed',
      targetType: 'organization',
      targetId: ctx.orgId,
      before: { reminderEnabled: before.reminderEnabled, reminderDelayHours: before.reminderDelayHours },
      after: { ...after },
    },
  ]);
  return after;
}

/**
 * The invitees whose reminder is due: pending invitations first sent in the window since the last
 * look (at most a day back the first time, so turning it on does not remind old invitations) up to
 * the delay ago. Indexed on MongoDB ({ orgId, status, firstSentAt }); a scan on FerretDB/SQLite.
 */
export async function dueReminders(
  ctx: Pick<ServiceContext, 'store' | 'orgId' | 'now'>,
): Promise<{ people: NudgeTarget[]; upTo: Date } | undefined> {
  const settings = await nudgeSettings(ctx);
  if (!settings.reminderEnabled) return undefined;
  const upTo = new Date(ctx.now().getTime() - settings.reminderDelayHours * 3_600_000);
  const from = settings.remindedUpTo ?? new Date(upTo.getTime() - 24 * 3_600_000);
  if (from.getTime() >= upTo.getTime()) return undefined;
  const docs = await ctx.store.invitations
    .find({ orgId: ctx.orgId, status: 'pending', firstSentAt: { $gt: from, $lte: upTo } })
    .select({ email: 1, slackUserId: 1 })
    .limit(MAX_NUDGES_PER_RUN)
    .lean()
    .exec();
  return { people: docs.map((d) => ({ email: d.email, slackUserId: d.slackUserId ?? undefined })), upTo };
}

/** The window of invitations up to `upTo` has been reminded (its run is stored). */
export async function markRemindedUpTo(ctx: Pick<ServiceContext, 'store' | 'orgId'>, upTo: Date): Promise<void> {
  await ctx.store.nudgeSettings
    .updateOne(
      { _id: ctx.orgId },
      { $set: { remindedUpTo: upTo }, $setOnInsert: { ...DEFAULT_NUDGE_SETTINGS } },
      { upsert: true },
    )
    .exec();
}

/** How many pending invitations still wait for their reminder (what `/ub nudges` shows as scheduled). */
export async function scheduledReminders(ctx: ServiceContext): Promise<number> {
  const settings = await nudgeSettings(ctx);
  if (!settings.reminderEnabled) return 0;
  const from = settings.remindedUpTo ?? new Date(ctx.now().getTime() - (settings.reminderDelayHours + 24) * 3_600_000);
  return ctx.store.invitations
    .countDocuments({ orgId: ctx.orgId, status: 'pending', firstSentAt: { $gt: from } })
    .exec();
}
