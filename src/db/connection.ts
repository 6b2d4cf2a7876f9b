import mongoose, { type Connection, type mongo } from 'mongoose';

export interface DatabaseConnection {
  connection: Connection;
  /**
   * A connection of its own for the few reads that may run for minutes (the daily recounts, which
   * read whole collections on FerretDB/SQLite): without the app connection's short socket timeout,
   * and not taking a socket from the pool that answers Slack.
   */
  longReads: Connection;
  /** True while the driver has a live connection; what /healthz and the command wrapper ask. */
  isUp(): boolean;
  state(): string;
  /**
   * Asks the server itself, on a connection of its own (so it never waits behind the app's queries);
   * false when it does not answer within the timeout.
   */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** A recount's pass over 1,000,000 people on FerretDB/SQLite: minutes, not hours. */
const LONG_READ_TIMEOUT_MS = 30 * 60_000;

export interface ConnectOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use one database per test file). */
  dbName?: string;
  log?: (line: string) => void;
}

/**
 * Opens the app's connection (the driver's ordinary pool). Mongoose and the driver reconnect by
 * themselves; short server-selection and socket timeouts make a command fail fast with a clear
 * answer while the database is down, instead of hanging past Slack's 3-second ack.
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseConnection> {
  const connection = mongoose.createConnection(options.uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    serverSelectionTimeoutMS: 2_000,
    // Commands are never allowed to wait on a dead database for more than this.
    socketTimeoutMS: 20_000,
    heartbeatFrequencyMS: 2_000,
    // Buffering would queue operations silently while disconnected; we prefer a fast failure.
    bufferCommands: false,
    autoIndex: true,
  });
  connection.on('disconnected', () => options.log?.('database: disconnected, the driver keeps retrying'));
  connection.on('reconnected', () => options.log?.('database: reconnected'));
  await connection.asPromise();
  const longReads = mongoose.createConnection(options.uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    serverSelectionTimeoutMS: 2_000,
    socketTimeoutMS: LONG_READ_TIMEOUT_MS,
    maxPoolSize: 2,
    bufferCommands: false,
    autoIndex: false,
  });
  // /healthz asks through a client of its own: with every connection of the app's pool busy (a bulk
  // write, slow searches), a ping on that pool would wait its turn and report a healthy database as down.
  const healthClient = new mongoose.mongo.MongoClient(options.uri, {
    maxPoolSize: 1,
    serverSelectionTimeoutMS: 2_000,
    heartbeatFrequencyMS: 2_000,
  });
  try {
    await longReads.asPromise();
    await healthClient.connect();
  } catch (error) {
    await longReads.close();
    await connection.close();
    throw error;
  }
  return {
    connection,
    longReads,
    isUp: () => connection.readyState === mongoose.ConnectionStates.connected,
    state: () => mongoose.ConnectionStates[connection.readyState] ?? 'unknown',
    ping: (timeoutMs) => pingDatabase(healthClient, timeoutMs),
    close: async () => {
      await healthClient.close();
      await longReads.close();
      await connection.close();
    },
  };
}

async function pingDatabase(client: mongo.MongoClient, timeoutMs: number): Promise<boolean> {
  const db = client.db('admin');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = db
    .command({ ping: 1 })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
