import mongoose, { type Connection } from 'mongoose';

export interface DatabaseConnection {
  connection: Connection;
  /** True while the driver has a live connection; what /healthz and the command wrapper ask. */
  isUp(): boolean;
  state(): string;
  /** Asks the server itself; false when it does not answer within the timeout. */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use one database per test file). */
  dbName?: string;
  log?: (line: string) => void;
}

/**
 * Opens the app's one connection. Mongoose and the driver reconnect by themselves;
 * short server-selection and socket timeouts make a command fail fast with a clear answer
 * while the database is down, instead of hanging past Slack's 3-second ack.
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
  return {
    connection,
    isUp: () => connection.readyState === mongoose.ConnectionStates.connected,
    state: () => mongoose.ConnectionStates[connection.readyState] ?? 'unknown',
    ping: (timeoutMs) => pingDatabase(connection, timeoutMs),
    close: () => connection.close(),
  };
}

async function pingDatabase(connection: Connection, timeoutMs: number): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
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
