import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../context.js';
import { assertCan, mayEverDo } from '../../authorization.js';
import type { Actor } from '../../context.js';
import { UbError } from '../../errors.js';
import { groupNamesById, resolveGroupNames } from '../../groups/group-repository.js';
import type { DigestSubscriptionDoc } from '../../models/digest-subscription.js';
import { recordAudit } from '../../record-audit.js';
import {
  describeSchedule,
  nextDigestAt,
  usableTimeZone,
  type DigestSchedule,
  type Weekday,
} from './digest-schedule.js';

/** A subscription as commands and views see it. */
export interface DigestSubscription {
  id: string;
  destination: string;
  destinationKind: 'dm' | 'channel';
  ownerSlackUserId: string;
  /** Empty: the whole organization. */
  groupNames: string[];
  schedule: string;
  status: 'active' | 'paused';
  pausedReason: string | undefined;
  nextRunAt: Date;
  lastPostedAt: Date | undefined;
}

/** Who gets the digest: themselves by DM (the default), or a channel they name. */
export type DigestDestination = { kind: 'dm' } | { kind: 'channel'; channelId: string };

export interface SubscribeInput {
  groupNames: string[];
  destination: DigestDestination;
  /** The person it is for (the actor unless an admin names someone), with their Slack time zone. */
  owner: { slackUserId: string; email: string; timeZone: string | undefined };
  day: Weekday;
  time: string;
}

/** At most this many subscriptions in one list (a person's own, or an admin's view of the organization). */
export const DIGEST_LIST_LIMIT = 40;

/**
 * Subscribes a person (by DM) or a channel to the weekly digest of some groups. Group admins
 * subscribe themselves or a channel to groups they manage (all of them when none is named);
 * admins anyone to any group, or to the whole organization. The same destination and groups again
 * changes the schedule of the one subscription. Audited.
 */
export async function subscribeDigest(ctx: ServiceContext, input: SubscribeInput): Promise<DigestSubscription> {
  assertMayUseDigests(ctx.actor);
  if (input.owner.slackUserId !== ctx.actor.slackUserId && ctx.actor.role !== 'admin')
    throw new UbError(
      'not_authorized',
      'Only admins can subscribe someone else. Leave out `--for` to subscribe yourself.',
    );
  const groupIds = await groupsToCover(ctx, input.groupNames);
  const destination = input.destination.kind === 'dm' ? input.owner.slackUserId : input.destination.channelId;
  const id = subscriptionId(ctx.orgId, destination, groupIds);
  const schedule: DigestSchedule = { day: input.day, time: input.time, timeZone: usableTimeZone(input.owner.timeZone) };
  const now = ctx.now();
  const before = await ctx.store.digestSubscriptions.findById(id).lean().exec();
  const fields = {
    orgId: ctx.orgId,
    destination,
    destinationKind: input.destination.kind,
    owner: { slackUserId: input.owner.slackUserId, email: input.owner.email },
    createdBy: { slackUserId: ctx.actor.slackUserId ?? '', email: ctx.actor.email },
    groupIds,
    ...schedule,
    status: 'active' as const,
    nextRunAt: nextDigestAt(schedule, now),
    attempt: 0,
    failures: 0,
  };
  await ctx.store.digestSubscriptions
    .updateOne({ _id: id }, { $set: fields, $unset: { pausedReason: 1, retryAt: 1, lastError: 1 } }, { upsert: true })
    .exec();
  await recordAudit(ctx, {
    action: 'digest.subscribed',
    targetType: 'digest_subscription',
    targetId: id,
    subjects: [input.owner.email, ...groupIds],
    before: before ? auditFields(before) : null,
    after: auditFields(fields),
  });
  const saved = await ctx.store.digestSubscriptions.findById(id).lean().exec();
  if (!saved) throw new UbError('internal', 'The subscription was not saved.');
  return (await toSubscriptions(ctx, [saved]))[0]!;
}

/** The subscriptions the actor may see: their own (made by or for them); every one for admins. */
export async function listDigestSubscriptions(
  ctx: ServiceContext,
): Promise<{ subscriptions: DigestSubscription[]; more: number }> {
  assertMayUseDigests(ctx.actor);
  const filter = visibleTo(ctx);
  const docs = await ctx.store.digestSubscriptions
    .find(filter)
    .sort({ _id: 1 })
    .limit(DIGEST_LIST_LIMIT + 1)
    .lean()
    .exec();
  const shown = docs.slice(0, DIGEST_LIST_LIMIT);
  const more =
    docs.length > DIGEST_LIST_LIMIT ? (await ctx.store.digestSubscriptions.countDocuments(filter)) - shown.length : 0;
  return { subscriptions: await toSubscriptions(ctx, shown), more };
}

/**
 * Ends subscriptions: one by id (the list's button), or all that go to a destination (the
 * actor's DM by default). Only the actor's own, unless an admin. Each removal is audited.
 */
export async function unsubscribeDigests(
  ctx: ServiceContext,
  input: { subscriptionId: string } | { destination: string },
): Promise<DigestSubscription[]> {
  assertMayUseDigests(ctx.actor);
  const filter =
    'subscriptionId' in input ? { _id: input.subscriptionId } : { orgId: ctx.orgId, destination: input.destination };
  const docs = (await ctx.store.digestSubscriptions.find(filter).lean().exec()).filter(
    (doc) => doc.orgId === ctx.orgId && mayManage(ctx, doc),
  );
  if (docs.length === 0)
    throw new UbError(
      'not_found',
      'There is no digest subscription of yours there. `/ub digest list` shows what you are subscribed to.',
    );
  const removed = await toSubscriptions(ctx, docs);
  for (const doc of docs) {
    const gone = await ctx.store.digestSubscriptions.deleteOne({ _id: doc._id }).exec();
    // Someone else removed it at the same moment: their entry says so.
    if (gone.deletedCount === 0) continue;
    await recordAudit(ctx, {
      action: 'digest.unsubscribed',
      targetType: 'digest_subscription',
      targetId: doc._id,
      subjects: [doc.owner.email, ...doc.groupIds],
      before: auditFields(doc),
      after: null,
    });
  }
  return removed;
}

/** The subscriptions the actor may post now or preview: their own (an admin's too: theirs, not everyone's). */
export async function ownDigestSubscriptions(ctx: ServiceContext): Promise<DigestSubscriptionDoc[]> {
  assertMayUseDigests(ctx.actor);
  const mine = ctx.actor.slackUserId ?? '';
  return ctx.store.digestSubscriptions
    .find({ orgId: ctx.orgId, $or: [{ 'owner.slackUserId': mine }, { 'createdBy.slackUserId': mine }] })
    .sort({ _id: 1 })
    .limit(DIGEST_LIST_LIMIT)
    .lean()
    .exec();
}

/**
 * The groups a digest covers: the named ones (which a group admin must manage), else a group
 * admin's managed groups, else (admins) the whole organization, stored as no groups.
 */
async function groupsToCover(ctx: ServiceContext, names: string[]): Promise<string[]> {
  if (names.length === 0) {
    if (ctx.actor.role === 'admin') return [];
    const managed = ctx.actor.managedGroups.map((g) => g.groupId).sort();
    if (managed.length === 0)
      throw new UbError('not_authorized', 'You do not manage any group yet, so there is no digest to send you.');
    return managed;
  }
  const { groups, unknown } = await resolveGroupNames(ctx.store, ctx.orgId, names);
  if (unknown.length > 0)
    throw new UbError(
      'not_found',
      `There is no group named ${unknown.map((n) => `"${n}"`).join(', ')}. \`/ub group list\` shows them all.`,
    );
  for (const group of groups) assertCan(ctx.actor, 'digest.subscribe', { groupIds: [group.id], groupName: group.name });
  return [...new Set(groups.map((g) => g.id))].sort();
}

function subscriptionId(orgId: string, destination: string, groupIds: string[]): string {
  const groups =
    groupIds.length === 0 ? 'org' : createHash('sha256').update(groupIds.join(',')).digest('hex').slice(0, 16);
  return `${orgId}:digest:${destination}:${groups}`;
}

function visibleTo(ctx: ServiceContext) {
  if (ctx.actor.role === 'admin') return { orgId: ctx.orgId };
  const mine = ctx.actor.slackUserId ?? '';
  return { orgId: ctx.orgId, $or: [{ 'owner.slackUserId': mine }, { 'createdBy.slackUserId': mine }] };
}

function mayManage(ctx: ServiceContext, doc: DigestSubscriptionDoc): boolean {
  if (ctx.actor.role === 'admin') return true;
  const mine = ctx.actor.slackUserId;
  return mine !== undefined && (doc.owner.slackUserId === mine || doc.createdBy.slackUserId === mine);
}

function auditFields(
  doc: Pick<DigestSubscriptionDoc, 'destination' | 'destinationKind' | 'groupIds' | 'day' | 'time' | 'timeZone'>,
) {
  return {
    destination: doc.destination,
    destinationKind: doc.destinationKind,
    groupIds: doc.groupIds,
    day: doc.day,
    time: doc.time,
    timeZone: doc.timeZone,
  };
}

/** Plain subscriptions with their groups' current names (one `_id` read per distinct group). */
export async function toSubscriptions(
  ctx: ServiceContext,
  docs: DigestSubscriptionDoc[],
): Promise<DigestSubscription[]> {
  const names = await groupNamesById(
    ctx.store,
    docs.flatMap((d) => d.groupIds),
  );
  return docs.map((doc) => ({
    id: doc._id,
    destination: doc.destination,
    destinationKind: doc.destinationKind,
    ownerSlackUserId: doc.owner.slackUserId,
    groupNames: doc.groupIds.map((id) => names.get(id) ?? 'a deleted group'),
    schedule: describeSchedule({ day: doc.day as Weekday, time: doc.time, timeZone: doc.timeZone }),
    status: doc.status,
    pausedReason: doc.pausedReason,
    nextRunAt: doc.nextRunAt,
    lastPostedAt: doc.lastPostedAt,
  }));
}

/** Digests are for the people who manage something: admins, and group admins of at least one group. */
export function assertMayUseDigests(actor: Actor): void {
  if (!mayEverDo(actor, 'digest.subscribe'))
    throw new UbError(
      'not_authorized',
      'Weekly digests are for admins and group admins (of the groups they manage). Ask an admin, or `/ub help` for what you can do.',
    );
}
