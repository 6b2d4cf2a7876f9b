import type { Actor, ServiceContext } from '../context.js';
import { personKey } from '../domain.js';
import { UbError } from '../errors.js';
import { recordAudit } from '../record-audit.js';
import { actorOf } from './member-actor.js';

export const MAX_DELEGATION_DAYS = 366;

/** An approver's delegation in force now, by `_id`; undefined when none or when its period is over. */
export async function activeDelegation(
  ctx: ServiceContext,
  approverSlackId: string,
): Promise<{ delegate: string; delegateEmail: string; fromEmail: string } | undefined> {
  const doc = await ctx.store.approvalDelegations.findById(`${ctx.orgId}:${approverSlackId}`).lean().exec();
  if (!doc || doc.until.getTime() <= ctx.now().getTime()) return undefined;
  return { delegate: doc.delegate, delegateEmail: doc.delegateEmail, fromEmail: doc.fromEmail };
}

/**
 * Hands the actor's approvals to an active member until a date: requests route to them meanwhile
 * and they decide with the actor's permissions. Only people who approve something (admins, group
 * admins) have approvals to hand over; not to themselves.
 */
export async function delegateApprovals(
  ctx: ServiceContext,
  input: { delegateSlackUserId: string; delegateEmail: string; until: Date },
): Promise<void> {
  const me = ctx.actor;
  if (!me.slackUserId || !me.email || (me.role !== 'admin' && me.role !== 'group_admin'))
    throw new UbError(
      'not_authorized',
      'Only admins and group admins approve requests, so only they can hand them over.',
    );
  if (input.delegateSlackUserId === me.slackUserId)
    throw new UbError('invalid_input', 'Hand your approvals to someone else.');
  const now = ctx.now().getTime();
  if (input.until.getTime() <= now) throw new UbError('invalid_input', '`--until` must be a date in the future.');
  if (input.until.getTime() > now + MAX_DELEGATION_DAYS * 86_400_000)
    throw new UbError('invalid_input', 'Hand over your approvals for at most a year.');
  const delegate = await ctx.store.users.findById(personKey(ctx.orgId, input.delegateEmail)).lean().exec();
  if (delegate?.status !== 'active')
    throw new UbError(
      'invalid_state',
      `${input.delegateEmail} is not an active member of ub, so cannot decide requests.`,
    );
  const _id = `${ctx.orgId}:${me.slackUserId}`;
  await ctx.store.approvalDelegations
    .updateOne(
      { _id },
      {
        $set: {
          orgId: ctx.orgId,
          from: me.slackUserId,
          fromEmail: me.email,
          delegate: input.delegateSlackUserId,
          delegateEmail: delegate.email,
          until: input.until,
          createdAt: ctx.now(),
        },
      },
      { upsert: true },
    )
    .exec();
  await recordAudit(ctx, {
    action: 'approvals.delegated',
    targetType: 'user',
    targetId: personKey(ctx.orgId, me.email),
    subjects: [me.email, delegate.email],
    after: { delegate: input.delegateSlackUserId, until: input.until },
  });
}

/**
 * The actor a delegate decides as: the delegator's permissions (as they are now) under the
 * delegate's own name, while the delegation the request was routed through is still in force.
 */
export async function actingForDelegator(
  ctx: ServiceContext,
  delegations: Array<{ delegate: string; for: string }>,
): Promise<Actor[]> {
  const me = ctx.actor;
  const acting: Actor[] = [];
  for (const d of delegations.filter((x) => x.delegate === me.slackUserId)) {
    const active = await activeDelegation(ctx, d.for);
    if (!active || active.delegate !== me.slackUserId) continue;
    const delegator = await ctx.store.users.findById(personKey(ctx.orgId, active.fromEmail)).lean().exec();
    if (delegator?.status !== 'active') continue;
    acting.push({ ...actorOf(delegator), slackUserId: me.slackUserId, email: me.email, userId: me.userId });
  }
  return acting;
}
