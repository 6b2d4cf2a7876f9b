import type { Connection } from 'mongoose';
import { UbError } from '../services/errors.js';

/** The parts of `buildInfo`'s answer that tell the servers apart. FerretDB adds `ferretdbVersion`. */
export interface BuildInfo {
  version?: unknown;
  ferretdbVersion?: unknown;
}

/** The answer of tools/ferretdb's write front to `{ ubWriteFront: 1 }`; undefined when nobody answers it. */
export interface WriteFrontStatus {
  serializedWrites?: unknown;
}

/**
 * Which server is behind the connection, refusing one where ub's single-document updates would not
 * be atomic. A bare FerretDB 1.24 runs an update as read, change, write back, so concurrent updates
 * of one document lose each other (seats oversold, counts lost); behind tools/ferretdb's write front
 * they are serialized (docs/decisions/005-ferretdb-write-front.md). MongoDB is atomic by itself.
 * Returns a short description for the start-up log.
 */
export async function checkDatabaseEngine(connection: Connection): Promise<string> {
  const admin = connection.db?.admin();
  if (!admin) throw new Error('checkDatabaseEngine needs an open connection');
  const buildInfo = (await admin.command({ buildInfo: 1 })) as BuildInfo;
  return judgeEngine(buildInfo, async () => {
    try {
      return (await admin.command({ ubWriteFront: 1 })) as WriteFrontStatus;
    } catch (error) {
      if (isCommandNotFound(error)) return undefined;
      throw error;
    }
  });
}

/** The decision itself: `askFront` is only called on FerretDB. */
export async function judgeEngine(
  buildInfo: BuildInfo,
  askFront: () => Promise<WriteFrontStatus | undefined>,
): Promise<string> {
  if (typeof buildInfo.ferretdbVersion !== 'string')
    return `MongoDB ${String(buildInfo.version ?? '(unknown version)')}`;
  // FerretDB built through its embeddable package (tools/ferretdb) reports its version as "unknown".
  const ferretdb = buildInfo.ferretdbVersion === 'unknown' ? 'FerretDB' : `FerretDB ${buildInfo.ferretdbVersion}`;
  const front = await askFront();
  if (front?.serializedWrites === true) return `${ferretdb} behind ub's write front`;
  throw new UbError(
    'invalid_state',
    `MONGODB_URI points at ${ferretdb} without ub's write front, where concurrent updates ` +
      'of one document are lost (seats oversold): start FerretDB with tools/ferretdb (which serializes writes unless ' +
      'given -serialize-writes=false) and use the address it prints, or use MongoDB',
  );
}

/** MongoDB's and FerretDB's answer to an unknown command: code 59, CommandNotFound. */
function isCommandNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 59;
}
