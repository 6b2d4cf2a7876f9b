import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt';

/** Bolt's Socket Mode receiver and the HTTP server beside it that serves /healthz and the install pages. */
export interface SocketModeLink {
  receiver: SocketModeReceiver;
  /** Listens on `installerOptions.port` and connects to Slack; resolves with the port listened on (PORT=0 picks one). */
  start(): Promise<number>;
  /** Disconnects from Slack and closes the HTTP server, and waits for both. */
  stop(): Promise<void>;
}

/**
 * In Socket Mode, Bolt serves customRoutes and the OAuth install pages from an HTTP server of
 * its own on `installerOptions.port`, but keeps that server private, calls listen() without
 * waiting for it or listening for its errors, and stops it without waiting. So with PORT=0 the
 * chosen port is unknown, and a port already in use crashes the process with an unhandled
 * 'error' event. This takes hold of that server to fix all three (decision 008).
 */
export function createSocketModeLink(options: SocketModeReceiverOptions): SocketModeLink {
  const receiver = new SocketModeReceiver(options);
  // Private in Bolt's types; created in the constructor whenever there are customRoutes or an installer.
  const server: unknown = Reflect.get(receiver, 'httpServer');
  if (!(server instanceof Server)) {
    throw new Error('@slack/bolt SocketModeReceiver has no httpServer: this Bolt version serves /healthz differently (see docs/decisions/008)');
  }
  const listening = new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.on('error', reject);
  });

  const stop = async (): Promise<void> => {
    const disconnected = new Promise<void>((resolve) => receiver.client.once('disconnected', () => resolve()));
    const closed = server.listening ? new Promise<void>((resolve) => server.once('close', () => resolve())) : Promise.resolve();
    await receiver.stop();
    await Promise.all([disconnected, closed]);
  };

  const start = async (): Promise<number> => {
    const connected = receiver.start();
    try {
      const [, port] = await Promise.all([connected, listening]);
      return port;
    } catch (error) {
      // The port may fail before the connection settles: that outcome no longer matters.
      connected.catch(() => undefined);
      await stop();
      throw error;
    }
  };

  return { receiver, start, stop };
}
