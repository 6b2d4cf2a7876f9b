import { beforeEach, describe, expect, it } from '@jest/globals';
import { personKey } from '../../../src/services/domain.js';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { recountFunnel } from '../../../src/services/insights/reconcile-funnel.js';
import { readLearnerCourses } from '../../../src/services/insights/learner-courses-repository.js';
import { courseKey } from '../../../src/services/models/activity.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';
import { buildContext, createGroup, createOrganization, createUser, ORG_ID } from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 50 });
});

const platform = () => buildContext(t.store, { source: 'activity' });
const monday = '2026-11-23T09:00:00.000Z';
const tuesday = '2026-11-24T09:00:00.000Z';
const courses = (email: string) => t.store.learnerCourses.findById(personKey(ORG_ID, email)).lean().exec();
const enrollment = (email: string, courseId: string) =>
  t.store.enrollments
    .findById(`${personKey(ORG_ID, email)}:${courseKey(courseId)}`)
    .lean()
    .exec();

describe('recording learning activity', () => {
  it('writes a first course as new documents and merges later batches into them as the upserts did', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    await createUser(t.store, { email: 'ann@example.com', groupIds: [sales._id] });
    await recordActivity(platform(), [
      { id: 'a', type: 'enrolled', email: 'ann@example.com', courseId: 'ts.1', courseTitle: 'TS', at: tuesday },
      { id: 'b', type: 'lecture_completed', email: 'ann@example.com', courseId: 'ts.1', lectureId: 'l1', at: tuesday },
    ]);
    // The person's course list names the course; its enrollment row holds the progress.
    expect(await courses('ann@example.com')).toEqual({
      _id: personKey(ORG_ID, 'ann@example.com'),
      orgId: ORG_ID,
      email: 'ann@example.com',
      courses: { [courseKey('ts.1')]: { courseId: 'ts.1' } },
    });
    expect(await enrollment('ann@example.com', 'ts.1')).toMatchObject({
      title: 'TS',
      enrolledAt: new Date(tuesday),
      lastActivityAt: new Date(tuesday),
      lectures: ['l1'],
    });
    // Later (and earlier) events of the same course: merged, not replaced; an earlier first date wins.
    const later = [
      {
        id: 'c',
        type: 'lecture_progress',
        email: 'ann@example.com',
        courseId: 'ts.1',
        lectureId: 'l2',
        progress: 60,
        at: tuesday,
      },
      { id: 'd', type: 'lecture_completed', email: 'ann@example.com', courseId: 'ts.1', lectureId: 'l2', at: monday },
      { id: 'e', type: 'course_completed', email: 'ann@example.com', courseId: 'go', at: tuesday },
    ];
    // Sent twice at once: both find the documents of the first batch and merge into them.
    await Promise.all([recordActivity(platform(), later), recordActivity(platform(), later)]);
    expect((await courses('ann@example.com'))?.courses).toEqual({
      [courseKey('ts.1')]: { courseId: 'ts.1' },
      [courseKey('go')]: { courseId: 'go' },
    });
    const shown = await readLearnerCourses(t.store, personKey(ORG_ID, 'ann@example.com'));
    expect(shown.sort((a, b) => a.courseId.localeCompare(b.courseId))).toEqual([
      expect.objectContaining({ courseId: 'go', progress: 100, completedAt: new Date(tuesday) }),
      expect.objectContaining({
        courseId: 'ts.1',
        title: 'TS',
        enrolledAt: new Date(monday),
        lastActivityAt: new Date(tuesday),
        progress: 60,
        lecturesCompleted: 2,
      }),
    ]);
    expect(await enrollment('ann@example.com', 'ts.1')).toMatchObject({
      courseId: 'ts.1',
      title: 'TS',
      groupIds: [sales._id],
      enrolledAt: new Date(monday),
      lastActivityAt: new Date(tuesday),
      progress: 60,
    });
    expect([...((await enrollment('ann@example.com', 'ts.1'))?.lectures ?? [])].sort()).toEqual(['l1', 'l2']);
    expect(await enrollment('ann@example.com', 'go')).toMatchObject({ progress: 100, completedAt: new Date(tuesday) });
  });

  it('moves the last activity of people who cross no step, without moving the counters', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    const people = ['p0@example.com', 'p1@example.com', 'p2@example.com'];
    for (const email of people) await createUser(t.store, { email, groupIds: [sales._id] });
    const lecture = (email: string, id: string, at: string) => ({
      id,
      type: 'lecture_progress',
      email,
      courseId: 'c',
      lectureId: 'l',
      progress: 10,
      at,
    });
    await recordActivity(
      platform(),
      people.map((email, i) => lecture(email, `first-${i}`, monday)),
    );
    const counters = async () => ({
      org: (await t.store.organizations.findById(ORG_ID).lean().exec())?.funnel,
      sales: (await t.store.groups.findById(sales._id).lean().exec())?.funnel,
    });
    const before = await counters();
    expect(before.org).toMatchObject({ enrolled: 3, started: 3 });
    await recordActivity(
      platform(),
      people.map((email, i) => lecture(email, `second-${i}`, tuesday)),
    );
    for (const email of people)
      expect(await t.store.users.findById(personKey(ORG_ID, email)).lean().exec()).toMatchObject({
        firstEnrollmentAt: new Date(monday),
        firstLectureAt: new Date(monday),
        lastActivityAt: new Date(tuesday),
      });
    expect(await counters()).toEqual(before);
    const recount = await recountFunnel(t.store, ORG_ID);
    expect(recount.groups.get(sales._id)).toMatchObject({ enrolled: 3, started: 3 });
  });

  it('applies an event whose receipt was written but which a crash kept from being stored, once', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    await createUser(t.store, { email: 'bo@example.com', groupIds: [sales._id] });
    const events = [
      { id: 'x1', type: 'enrolled', email: 'bo@example.com', courseId: 'ts', courseTitle: 'TS', at: monday },
      { id: 'x2', type: 'lecture_completed', email: 'bo@example.com', courseId: 'ts', lectureId: 'l1', at: tuesday },
    ];
    // A first attempt wrote its receipts and the course's enrollment row, then stopped (the process
    // died) before listing the course.
    await t.store.activityReceipts.insertMany(events.map((e) => ({ _id: `${ORG_ID}:e:${e.id}`, orgId: ORG_ID })));
    await t.store.enrollments.insertMany([
      {
        _id: `${personKey(ORG_ID, 'bo@example.com')}:ts`,
        orgId: ORG_ID,
        email: 'bo@example.com',
        courseId: 'ts',
        title: 'TS',
        groupIds: [sales._id],
        progress: 0,
        enrolledAt: new Date(monday),
        lastActivityAt: new Date(monday),
      },
    ]);
    expect(await readLearnerCourses(t.store, personKey(ORG_ID, 'bo@example.com'))).toEqual([]);
    // Sent again: the receipts exist but the events are not stored, so they are applied, once.
    expect(await recordActivity(platform(), events)).toEqual({ applied: 2, duplicates: 0, rejected: [] });
    expect(await recordActivity(platform(), events)).toEqual({ applied: 0, duplicates: 2, rejected: [] });
    expect(await readLearnerCourses(t.store, personKey(ORG_ID, 'bo@example.com'))).toEqual([
      expect.objectContaining({
        courseId: 'ts',
        title: 'TS',
        enrolledAt: new Date(monday),
        lastActivityAt: new Date(tuesday),
        lecturesCompleted: 1,
      }),
    ]);
    expect((await t.store.groups.findById(sales._id).lean().exec())?.funnel).toMatchObject({ enrolled: 1, started: 1 });
    expect((await recountFunnel(t.store, ORG_ID)).groups.get(sales._id)).toMatchObject({ enrolled: 1, started: 1 });
  });

  it('shows courses recorded before the enrollment rows held the progress from the course list itself', async () => {
    await createUser(t.store, { email: 'cy@example.com' });
    await t.store.learnerCourses.insertMany([
      {
        _id: personKey(ORG_ID, 'cy@example.com'),
        orgId: ORG_ID,
        email: 'cy@example.com',
        courses: {
          old: {
            courseId: 'old',
            title: 'Old',
            progress: 40,
            enrolledAt: new Date(monday),
            lastActivityAt: new Date(monday),
            lectures: ['l1', 'l2'],
          },
        },
        updatedAt: new Date(monday),
      },
    ]);
    // A later event of the same course adds its row; the entry's lectures still count.
    await recordActivity(platform(), [
      { id: 'y', type: 'lecture_completed', email: 'cy@example.com', courseId: 'old', lectureId: 'l3', at: tuesday },
    ]);
    expect(await readLearnerCourses(t.store, personKey(ORG_ID, 'cy@example.com'))).toEqual([
      {
        courseId: 'old',
        title: 'Old',
        progress: 40,
        enrolledAt: new Date(monday),
        lastActivityAt: new Date(tuesday),
        completedAt: undefined,
        lecturesCompleted: 3,
      },
    ]);
  });
});
