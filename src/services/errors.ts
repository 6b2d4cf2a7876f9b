import { randomBytes } from 'node:crypto';

/**
 * The catalogue of domain failures. `message` is safe to show a Slack user as it is;
 * `id` is quoted in the reply and in the log line so a support question finds the stack.
 */
export const errorCodes = {
  invalid_input: 'The input was not understood',
  not_authorized: 'You are not allowed to do that',
  not_found: 'Not found',
  already_exists: 'It already exists',
  conflict: 'Someone else changed it at the same time',
  no_seats: 'No license is left',
  invalid_state: 'That is not possible in the current state',
  database_unavailable: "ub can't reach its database right now, nothing was changed. Try again in a minute.",
  slack_unavailable: 'Slack did not accept the request',
  internal: 'Something went wrong on our side',
} as const;

export type UbErrorCode = keyof typeof errorCodes;

export class UbError extends Error {
  readonly id: string;

  constructor(
    readonly code: UbErrorCode,
    message: string = errorCodes[code],
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UbError';
    this.id = newErrorId();
  }
}

export function newErrorId(): string {
  return `E-${randomBytes(4).toString('hex').toUpperCase()}`;
}

const unreachableDatabaseErrors = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** True for the driver's errors that mean "the server is not reachable", as opposed to a bad query. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (unreachableDatabaseErrors.has(e.name)) return true;
    // A bulk write (insertMany) cut by a lost connection is a MongoBulkWriteError that keeps the
    // network error it wraps in `errorResponse`, not in `cause`.
    const wrapped = (e as { errorResponse?: unknown }).errorResponse;
    if (wrapped instanceof Error && wrapped !== e && isDatabaseUnreachable(wrapped)) return true;
  }
  return false;
}

/** Turns anything thrown into a UbError, keeping the original as its cause. */
export function toUbError(error: unknown): UbError {
  if (error instanceof UbError) return error;
  if (isDatabaseUnreachable(error)) return new UbError('database_unavailable', undefined, undefined, { cause: error });
  return new UbError('internal', undefined, undefined, { cause: error });
}

/** MongoDB's duplicate-key error (unique index or `_id`), which FerretDB reports with the same code. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * True when an unordered insertMany failed only because some documents were there already
 * (every write error is a duplicate key): the others were inserted.
 */
export function onlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((e: unknown) => (e as { code?: unknown }).code === 11000);
}

/** The positions, in an unordered insertMany, of the documents refused as duplicates. */
export function duplicateKeyIndexes(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list
    .filter((e: unknown) => (e as { code?: unknown }).code === 11000)
    .map((e: unknown) => (e as { index: number }).index);
}
