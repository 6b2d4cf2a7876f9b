import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt';
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import type { Logger } from '../logger.js';

/** Bolt's Socket Mode receiver and the HTTP server beside it that serves /healthz and the install pages. */
export interface SocketModeLink {
  receiver: SocketModeReceiver;
  /** Listens on the port, then connects to Slack; resolves with the port listened on (PORT=0 picks one). */
  start(): Promise<number>;
  /** Disconnects from Slack and closes the HTTP server, and waits for both. */
  stop(): Promise<void>;
}

export type SocketModeLinkOptions = SocketModeReceiverOptions & { installerOptions: { port: number } };

/**
 * In Socket Mode, Bolt serves customRoutes and the OAuth install pages from an HTTP server of its
 * own on `installerOptions.port`, but keeps that server private, and its start() calls listen()
 * without waiting or listening for errors while it connects to Slack: with PORT=0 the port is
 * unknown, and a port in use crashes the process with an unhandled 'error' event. Its stop()
 * waits for nothing. So this does the receiver's two start steps itself, in order (listen, then
 * connect), and stops both and waits (decision 010).
 */
export function createSocketModeLink(options: SocketModeLinkOptions, log: Logger): SocketModeLink {
  const receiver = new SocketModeReceiver(options);
  // Private in Bolt's types; created in the constructor whenever there are customRoutes or an installer.
  const server: unknown = Reflect.get(receiver, 'httpServer');
  if (!(server instanceof Server)) {
    throw new Error(
      '@slack/bolt SocketModeReceiver has no httpServer: this Bolt version serves /healthz differently (see docs/decisions/008)',
    );
  }
  // Slack refreshes connections every few hours; Bolt reconnects by itself and says so only at debug level.
  let hellos = 0;
  receiver.client.on('reconnecting', () => log.info('slack: Socket Mode connection closed, reconnecting'));
  receiver.client.on('connected', () => {
    hellos += 1;
    if (hellos > 1) log.info('slack: Socket Mode reconnected');
  });

  const stop = async (): Promise<void> => {
    const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    await Promise.all([receiver.client.disconnect(), closed]);
  };

  const start = async (): Promise<number> => {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.installerOptions.port, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
    try {
      await receiver.client.start();
    } catch (error) {
      await stop();
      throw isPlatformError(error)
        ? new Error(
            `Slack refused the Socket Mode connection (${error.data.error}): SLACK_APP_TOKEN must be an app-level token (xapp-…) of this app with the connections:write scope`,
            { cause: error },
          )
        : error;
    }
    return port;
  };

  return { receiver, start, stop };
}

const isPlatformError = (error: unknown): error is WebAPIPlatformError =>
  error instanceof Error && 'code' in error && error.code === ErrorCode.PlatformError;
