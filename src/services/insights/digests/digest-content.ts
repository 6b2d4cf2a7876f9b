import { DateTime } from 'luxon';
import type { Actor, ServiceContext } from '../../context.js';
import { personKey } from '../../domain.js';
import {
  funnelTrendOf,
  listStuckPeople,
  pendingInviteesAmong,
  readFunnel,
  type FunnelReport,
  type StuckPerson,
  type StuckStep,
} from '../funnel.js';
import { readDigestHighlights, type DigestHighlights } from './digest-highlights.js';
import type { PendingCandidates } from './pending-candidates.js';

/** The funnel's counts, without the rate. */
export interface FunnelFigures {
  licenses: number;
  invited: number;
  joined: number;
  enrolled: number;
  started: number;
}

/** What one weekly digest says, before it is drawn (views/insights/digests/digest-blocks.ts). */
export interface DigestContent {
  /** Group names (empty: the organization). */
  groupNames: string[];
  funnel: FunnelFigures;
  adoptionRate: number | undefined;
  /** The figures a week ago, when ub recorded them. */
  lastWeek: FunnelFigures | undefined;
  /** The last 8 weeks' adoption rate, oldest first (this week last). */
  trend: Array<{ week: string; rate: number | undefined }>;
  /** Per step: how many are stuck before it and the first few of them. */
  stuck: Array<{ step: StuckStep; count: number; people: StuckPerson[] }>;
  /** The group ids the digest covers (empty: the organization), for the Nudge button. */
  groupIds: string[];
  /** The week's top courses of these groups and who joined (digest-highlights.ts). */
  highlights: DigestHighlights;
}

/** People named per step in a digest; the Nudge button reaches all of them. */
export const STUCK_SHOWN = 5;
/** Courses and joiners a digest names. */
const HIGHLIGHTS_SHOWN = { courses: 5, joiners: 5 };
const TREND_WEEKS = 8;

/**
 * The digest of some groups (none: the organization) with the reader's rights: readFunnel and
 * listStuckPeople refuse what the reader may not see (a team lead who no longer manages a group).
 */
export async function buildDigestContent(ctx: ServiceContext, groupIds: string[]): Promise<DigestContent> {
  const report = await readFunnel(ctx, groupIds.length > 0 ? { groupIds } : {});
  const scopes = report.scope === 'organization' ? [] : report.groups.map((g) => g.group.id);
  // The weekly snapshots (insights' job, decision 021's sequel): the week's start, and 8 weeks back.
  const lastWeek = report.previous ? figures(report.previous.funnel) : undefined;
  const funnel = figures(report.funnel);
  const stuckCounts: Record<StuckStep, number> = {
    joined: Math.max(0, funnel.invited - funnel.joined),
    enrolled: Math.max(0, funnel.joined - funnel.enrolled),
    started: Math.max(0, funnel.enrolled - funnel.started),
  };
  // Once readFunnel has checked the reader, the rest is read at once (decision 047); who has not
  // joined yet starts from the candidates the highlights' count kept.
  const highlightsRead = readDigestHighlights(ctx, scopes, HIGHLIGHTS_SHOWN);
  const [trendPoints, stuck, { highlights }] = await Promise.all([
    funnelTrendOf(ctx, report, TREND_WEEKS),
    Promise.all(
      (['joined', 'enrolled', 'started'] as const).map(async (step) => ({
        step,
        count: stuckCounts[step],
        people:
          stuckCounts[step] === 0
            ? []
            : step === 'joined'
              ? await firstNotJoined(ctx, report, (await highlightsRead).pending)
              : await firstStuck(ctx, step, scopes),
      })),
    ),
    highlightsRead,
  ]);
  const trend = trendPoints.map((point) => ({ week: weekLabel(point.week), rate: point.funnel?.adoptionRate }));
  return {
    groupNames: report.groups.map((g) => g.group.name),
    funnel,
    adoptionRate: report.funnel.adoptionRate,
    lastWeek,
    trend,
    stuck,
    groupIds: scopes,
    highlights,
  };
}

/** The first few stuck before a step, over the groups (or the organization), without repeats. */
async function firstStuck(ctx: ServiceContext, step: StuckStep, groupIds: string[]): Promise<StuckPerson[]> {
  const found = new Map<string, StuckPerson>();
  for (const groupId of groupIds.length > 0 ? groupIds : [undefined]) {
    if (found.size >= STUCK_SHOWN) break;
    const page = await listStuckPeople(ctx, { step, groupId, limit: STUCK_SHOWN });
    for (const person of page.people) if (found.size < STUCK_SHOWN) found.set(person.email, person);
  }
  return [...found.values()];
}

/**
 * The first few who have not joined, over the groups (or the organization), without repeats, as
 * firstStuck would list them: each scope's candidates checked by `_id`; a scope whose candidates
 * no longer fill what its live count says is pending (or that has none) is listed from the
 * invitations instead.
 */
async function firstNotJoined(
  ctx: ServiceContext,
  report: FunnelReport,
  candidates: Array<PendingCandidates | undefined>,
): Promise<StuckPerson[]> {
  const scopes =
    report.scope === 'organization'
      ? [{ groupId: undefined, funnel: report.funnel }]
      : report.groups.map((g) => ({ groupId: g.group.id, funnel: g.funnel }));
  const found = new Map<string, StuckPerson>();
  for (const [i, { groupId, funnel }] of scopes.entries()) {
    if (found.size >= STUCK_SHOWN) break;
    const expected = Math.min(STUCK_SHOWN, Math.max(0, funnel.invited - funnel.joined));
    const emails = candidates[i];
    const kept = emails ? await pendingInviteesAmong(ctx, { groupId, emails, limit: STUCK_SHOWN }) : [];
    const people =
      emails && kept.length >= expected
        ? kept
        : (await listStuckPeople(ctx, { step: 'joined', groupId, limit: STUCK_SHOWN })).people;
    for (const person of people) if (found.size < STUCK_SHOWN) found.set(person.email, person);
  }
  return [...found.values()];
}

/** `W49`: the ISO week of a snapshot's Monday, as the chart's axis shows it. */
function weekLabel(week: Date): string {
  return `W${DateTime.fromJSDate(week, { zone: 'utc' }).weekNumber}`;
}

function figures(f: FunnelFigures): FunnelFigures {
  return { licenses: f.licenses, invited: f.invited, joined: f.joined, enrolled: f.enrolled, started: f.started };
}

/**
 * The actor a subscription's digest is read as: whoever made it, with their role and groups as
 * they are now (a team lead who lost a group no longer sees it; someone gone sees nothing).
 */
export async function digestReader(
  ctx: Pick<ServiceContext, 'store' | 'orgId'>,
  createdBy: { slackUserId: string; email: string | undefined },
): Promise<Actor> {
  const user = createdBy.email
    ? await ctx.store.users.findById(personKey(ctx.orgId, createdBy.email)).lean().exec()
    : null;
  const active = user?.status === 'active';
  return {
    slackUserId: createdBy.slackUserId,
    email: createdBy.email,
    userId: user?._id,
    role: active ? user.role : 'user',
    managedGroups: active
      ? user.managedGroups.map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] }))
      : [],
  };
}
