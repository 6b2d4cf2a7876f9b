import { funnelIncrements } from './insights/funnel-counter-repository.js';
import type { Actor, ServiceContext } from './context.js';
import { recordAudit } from './record-audit.js';
import { isDuplicateKey } from './errors.js';
import { normalizeEmail } from './email.js';
import { personKey, type SlackProfile } from './domain.js';
import type { UserDoc } from './models/user.js';
import { findOrganization } from './organization-repository.js';
import { writeMemberIndexed } from './search/member-index-repository.js';

export interface ResolvedActor {
  actor: Actor;
  /** True on the one request that made this bootstrap admin a member: their first contact with ub. */
  bootstrapped: boolean;
}

/**
 * The actor behind a Slack user: the org user with the same email as their Slack profile,
 * or a plain user when there is none. A bootstrap admin without an org user gets one, as admin.
 */
export async function resolveActor(
  ctx: Pick<ServiceContext, 'store' | 'orgId' | 'now' | 'requestId'>,
  profile: SlackProfile,
): Promise<ResolvedActor> {
  const email = profile.email ? normalizeEmail(profile.email) : undefined;
  let user: UserDoc | null = email ? await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec() : null;
  let bootstrapped = false;
  if (!user && email) {
    const created = await bootstrapAdmin(ctx, profile, email);
    user = created?.user ?? null;
    bootstrapped = created?.created ?? false;
  }
  if (!user || user.status !== 'active') {
    return {
      actor: { slackUserId: profile.slackUserId, email, userId: user?._id, role: 'user', managedGroups: [] },
      bootstrapped: false,
    };
  }
  if (user.slackUserId !== profile.slackUserId) {
    // Remember the link so DMs and mentions can go the other way (user → Slack) without users.lookupByEmail.
    await ctx.store.users.updateOne({ _id: user._id }, { $set: { slackUserId: profile.slackUserId } }).exec();
  }
  return {
    actor: {
      slackUserId: profile.slackUserId,
      email,
      userId: user._id,
      role: user.role,
      managedGroups: user.managedGroups.map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] })),
    },
    bootstrapped,
  };
}

async function bootstrapAdmin(
  ctx: Pick<ServiceContext, 'store' | 'orgId' | 'now' | 'requestId'>,
  profile: SlackProfile,
  email: string,
): Promise<{ user: UserDoc | null; created: boolean } | null> {
  const org = await findOrganization(ctx.store, ctx.orgId);
  if (!org?.bootstrapAdmins.includes(profile.slackUserId)) return null;
  const [firstName = '', ...rest] = (profile.realName ?? '').trim().split(/\s+/);
  const now = ctx.now();
  const doc = {
    _id: personKey(ctx.orgId, email),
    orgId: ctx.orgId,
    email,
    firstName,
    surname: rest.join(' '),
    role: 'admin' as const,
    status: 'active' as const,
    licenseType: 'standard' as const,
    groupIds: [],
    slackUserId: profile.slackUserId,
    joinedAt: now,
  } satisfies Partial<UserDoc>;
  try {
    await writeMemberIndexed(ctx.store, ctx.orgId, { after: doc }, () => ctx.store.users.create(doc));
  } catch (error) {
    // Two first commands at once: the other one created the user; read it back.
    if (!isDuplicateKey(error)) throw error;
    return { user: await ctx.store.users.findById(doc._id).lean().exec(), created: false };
  }
  // A bootstrap admin holds a license like everyone else. Before the count is set that is
  // "1 in use" of a count not set yet (`/ub license` says so), and `license seats` counts it.
  // …and is at the joined step of the adoption funnel.
  await ctx.store.organizations
    .updateOne({ _id: ctx.orgId }, { $inc: { seatsFree: -1, ...funnelIncrements(undefined, doc) } })
    .exec();
  const actor: Actor = { slackUserId: profile.slackUserId, email, userId: doc._id, role: 'admin', managedGroups: [] };
  await recordAudit(
    { ...ctx, actor, source: 'bootstrap' },
    {
      action: 'user.bootstrap_admin',
      targetType: 'user',
      targetId: doc._id!,
      subjects: [email],
      after: { role: 'admin', status: 'active' },
    },
  );
  return { user: await ctx.store.users.findById(doc._id).lean().exec(), created: true };
}
