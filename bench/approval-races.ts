import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequest } from '../src/services/approvals/create-request.js';
import { encodeModalMetadata } from '../src/slack/kit/modal.js';
import { startTestApp, type TestApp } from '../test/support/app-harness.js';
import { buildContext, createGroup, createUser, groupAdminActor } from '../test/support/factories.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';

/**
 * `npm run bench:races`: BENCH_RACES (1,000) requests, each approved by one group admin and denied
 * by another at the same moment, both through the app's real HTTP endpoint (a signed button click
 * and a signed Deny form submission, sent together), BENCH_RACE_PARALLEL (5) races at a time.
 * Reports how many requests ended with exactly one decision (an `approved` or `denied` audit entry,
 * matching the request's status, and a membership exactly when approved): it must be all of them.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RACES = Number(process.env.BENCH_RACES ?? 1_000);
const PARALLEL = Number(process.env.BENCH_RACE_PARALLEL ?? 5);

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? ['sqlite']) {
    const engine = name === 'postgresql' ? await startPostgresEngine(rootDir) : await startSqliteEngine(rootDir);
    const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' } });
    try {
      const result = await races(app);
      rows.push(
        `| ${engine.label} | ${RACES.toLocaleString('en-US')} approve + deny races, ${PARALLEL} at a time | ${result.exactlyOne.toLocaleString('en-US')} ended with exactly one decision (${result.approved} approved, ${result.denied} denied), ${result.wrong} otherwise; ${(result.ms / 1000).toFixed(1)} s |`,
      );
      console.log(rows.at(-1));
    } finally {
      await app.stop();
      await engine.stop();
    }
  }
  console.log(['\n| engine | measure | result |', '|---|---|---|', ...rows].join('\n'));
}

async function races(t: TestApp) {
  const { store, orgId } = t;
  await store.organizations.updateOne({ _id: orgId }, { $set: { seats: 10_000, seatsFree: 10_000 } }, { upsert: true });
  const group = await createGroup(store, { orgId, name: 'Race' });
  for (const [id, email] of [
    ['U_APPROVER', 'approver@bench.example.com'],
    ['U_DENIER', 'denier@bench.example.com'],
    ['U_ASKER', 'asker@bench.example.com'],
  ] as const) {
    t.fake.addUser({ id, email });
    await createUser(store, {
      orgId,
      email,
      slackUserId: id,
      ...(id === 'U_ASKER'
        ? {}
        : { role: 'group_admin' as const, managedGroups: [{ groupId: group._id, permissions: [] }] }),
    });
  }
  const asker = buildContext(store, {
    orgId,
    actor: groupAdminActor([], {
      role: 'user',
      slackUserId: 'U_ASKER',
      email: 'asker@bench.example.com',
      userId: `${orgId}:asker@bench.example.com`,
    }),
    now: () => new Date(),
  });
  const ids: string[] = [];
  for (let i = 0; i < RACES; i++) {
    const email = `member${i}@bench.example.com`;
    await createUser(store, { orgId, email });
    const { request } = await createRequest(asker, { kind: 'group_add', email, groupName: 'Race', reason: 'bench' });
    ids.push(request.id);
  }
  const started = Date.now();
  for (let first = 0; first < ids.length; first += PARALLEL) {
    await Promise.all(
      ids.slice(first, first + PARALLEL).flatMap((id) => [
        t.slack.blockAction({ userId: 'U_APPROVER', actionId: 'approvals.approve', value: JSON.stringify({ r: id }) }),
        t.slack.viewSubmission({
          userId: 'U_DENIER',
          callbackId: 'approvals.deny_reason',
          privateMetadata: encodeModalMetadata({ channelId: undefined, extra: { r: id } }),
          values: { note: { note: { type: 'plain_text_input', value: 'no' } } },
        }),
      ]),
    );
  }
  // Both handlers of every race answer after their ack: wait until each request has its outcome or denial, and both have replied.
  for (;;) {
    const open = await store.approvalRequests
      .countDocuments({ orgId, $or: [{ status: 'pending' }, { status: 'approved', outcome: null }] })
      .exec();
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const ms = Date.now() - started;
  let exactlyOne = 0;
  let approved = 0;
  let denied = 0;
  // One pass over the decision entries ($group by request), then one `_id` read per request and member.
  const decisions = new Map<string, { n: number; action: string }>();
  const entries = await store.auditEntries
    .find({ orgId, action: { $in: ['request.approved', 'request.denied'] } })
    .lean()
    .exec();
  for (const entry of entries) {
    const key = entry.approvalRequestId ?? '';
    decisions.set(key, { n: (decisions.get(key)?.n ?? 0) + 1, action: entry.action });
  }
  for (const id of ids) {
    const request = (await store.approvalRequests.findById(id).lean().exec())!;
    const decision = decisions.get(id);
    const member = await store.users.findById(`${orgId}:${request.subject.email}`).lean().exec();
    const inGroup = member!.groupIds.includes(group._id);
    const consistent =
      decision?.n === 1 &&
      decision.action === `request.${request.status}` &&
      inGroup === (request.status === 'approved');
    if (consistent) exactlyOne += 1;
    if (request.status === 'approved') approved += 1;
    if (request.status === 'denied') denied += 1;
  }
  return { exactlyOne, approved, denied, wrong: RACES - exactlyOne, ms };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
