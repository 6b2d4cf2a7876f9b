import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { startUbApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** `npm start`: configuration problems end the process with one line each, never a stack trace. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`ub: configuration: ${problem}`);
      console.error('ub: see .env.example for every variable');
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const app = await startUbApp(config, { rootDir, log });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`ub: ${signal} received, shutting down`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('ub: shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`ub: could not start: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
