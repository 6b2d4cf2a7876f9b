import { DateTime, IANAZone } from 'luxon';
import { UbError } from '../../errors.js';

/** Weekdays as people type them; the number is ISO's (Monday 1 … Sunday 7), as luxon counts. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a subscription's digest goes out: a weekday and a wall-clock time in a time zone. */
export interface DigestSchedule {
  day: Weekday;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** An IANA zone (`Europe/Berlin`), the subscriber's Slack time zone. */
  timeZone: string;
}

export const DEFAULT_DIGEST_DAY: Weekday = 'mon';
export const DEFAULT_DIGEST_TIME = '09:00';
/** Where a person whose Slack profile has no (or an unknown) time zone gets their digest's hour. */
export const FALLBACK_TIME_ZONE = 'UTC';

/** `9`, `9:30`, `09:00`, `17:05` → `HH:MM`; anything else is refused with what to type. */
export function parseDigestTime(text: string): string {
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(text.trim());
  const hour = match ? Number(match[1]) : NaN;
  const minute = match?.[2] ? Number(match[2]) : 0;
  if (!match || hour > 23 || minute > 59)
    throw new UbError('invalid_input', `"${text}" is not a time: use 24-hour HH:MM, e.g. 09:00 or 17:30.`);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** A time zone ub can schedule in: the given one when it is a real IANA zone, otherwise UTC. */
export function usableTimeZone(zone: string | undefined): string {
  return zone && IANAZone.isValidZone(zone) ? zone : FALLBACK_TIME_ZONE;
}

/**
 * The first moment strictly after `after` at which the schedule falls, as a UTC instant. The
 * weekday and the wall-clock time are taken in the schedule's zone, so 09:00 stays 09:00 local
 * across daylight-saving changes (a week is added on the local calendar, not as 168 hours). A time
 * that does not exist that day (skipped by a spring-forward) moves on by the gap, as luxon does.
 */
export function nextDigestAt(schedule: DigestSchedule, after: Date): Date {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  const weekday = WEEKDAYS.indexOf(schedule.day) + 1;
  const local = DateTime.fromJSDate(after, { zone: usableTimeZone(schedule.timeZone) });
  let candidate = local.set({ weekday: weekday as 1, hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= after.getTime())
    candidate = candidate.plus({ weeks: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  return candidate.toJSDate();
}

/**
 * The week a digest belongs to: the ISO week (`2026-W49`) of its scheduled moment in the
 * subscriber's zone. One digest per subscription per such week (the idempotency key).
 */
export function digestWeekOf(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: usableTimeZone(timeZone) });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** "Mondays at 09:00 (Europe/Berlin)". */
export function describeSchedule(schedule: DigestSchedule): string {
  const day = DateTime.fromObject({ weekday: (WEEKDAYS.indexOf(schedule.day) + 1) as 1 }).toFormat('cccc');
  return `${day}s at ${schedule.time} (${schedule.timeZone})`;
}

/** The UTC ISO week of a moment, `2026-W49`: the week of the once-a-week nudge rule. */
export function utcWeekOf(at: Date): string {
  return digestWeekOf(at, 'UTC');
}
