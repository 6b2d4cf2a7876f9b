import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SOCKET_MODE_PATH } from '../fake-slack/socket-mode-methods.js';
import type { FakeSlackState } from '../fake-slack/state.js';
import type { Waiters } from '../fake-slack/waiters.js';
import {
  disconnectMessage,
  envelopeFor,
  helloMessage,
  type DisconnectReason,
  type Envelope,
  type EnvelopeType,
} from './messages.js';

/** Slack's ack deadline: a later ack is a timeout for the person who typed the command. */
export const ACK_DEADLINE_MS = 3000;
/** How long Slack leaves a connection open after asking the app to refresh it, if the app does not close it first. */
export const REFRESH_GRACE_MS = 2000;

export interface SocketConnection {
  id: number;
  /** Open and not asked to refresh: where Slack sends new envelopes. */
  accepting: boolean;
  open: boolean;
  openedAt: Date;
  closedAt?: Date;
  /** The disconnect message Slack sent on it, if any. */
  disconnectReason?: DisconnectReason;
}

export interface Delivery {
  envelope: Envelope;
  connectionId: number;
  sentAt: number;
}

export interface Ack {
  envelopeId: string;
  /** The ack's payload as the app sent it (`{}` for a bare ack). */
  payload: Record<string, unknown>;
  connectionId: number;
  /** After Slack's 3-second deadline: the user would have seen a timeout. */
  late: boolean;
  /** No envelope of that id was delivered, or it was acked already. */
  unexpected: boolean;
}

interface LiveConnection {
  info: SocketConnection;
  ws: WebSocket;
}

/**
 * Slack's side of Socket Mode: apps.connections.open (in the fake Web API) hands out a one-use
 * ws:// URL on the fake's own HTTP server; this accepts the upgrade, says hello, sends envelopes
 * to the newest connection that takes them and records every ack by envelope_id. Tests make it
 * ask for a refresh (`disconnect`) or drop the connection without a close frame.
 */
export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly live: LiveConnection[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly deliveries: Delivery[] = [];
  readonly acks: Ack[] = [];
  /** Upgrades refused: no ticket, a ticket used already, a wrong path. */
  refusedUpgrades = 0;

  constructor(
    private readonly state: FakeSlackState,
    private readonly waiters: Waiters,
    private readonly appId: string,
  ) {}

  /** Every connection the app opened, in order, as the tests see them. */
  get connections(): SocketConnection[] {
    return this.live.map((c) => ({ ...c.info }));
  }

  /** The HTTP server's 'upgrade' event: a ticket from apps.connections.open opens one connection. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== SOCKET_MODE_PATH || !ticket || !this.state.socketTickets.delete(ticket)) {
      this.refusedUpgrades += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /**
   * Sends an envelope the way Slack does: on the newest connection that takes envelopes. When there
   * is none (the app is reconnecting) it waits for one, as if the person sent the command again once
   * the app is back: real Slack fails a command sent meanwhile (dispatch_failed) and retries events
   * later with a retry_attempt, which a test sends with `retry`. Resolves with the envelope_id.
   */
  async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { retry?: { attempt: number; reason: string }; waitMs?: number; envelopeId?: string } = {},
  ): Promise<string> {
    const connection = await this.waiters.waitFor(
      () => this.live.findLast((c) => c.info.accepting),
      options.waitMs ?? 20_000,
      'open Socket Mode connection',
    );
    const envelope = envelopeFor(type, payload, options.envelopeId ?? randomUUID(), options.retry);
    this.deliveries.push({ envelope, connectionId: connection.info.id, sentAt: Date.now() });
    connection.ws.send(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  /** The first ack of an envelope, once the app sends it. */
  waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<Ack> {
    return this.waiters.waitFor(
      () => this.acks.find((a) => a.envelopeId === envelopeId),
      timeoutMs,
      `ack of envelope ${envelopeId}`,
    );
  }

  acksOf(envelopeId: string): Ack[] {
    return this.acks.filter((a) => a.envelopeId === envelopeId);
  }

  /** Resolves once the app has opened `count` connections in all (the first one counts). */
  waitForConnections(count: number, timeoutMs = 20_000): Promise<SocketConnection> {
    return this.waiters.waitFor(
      () => (this.live.length >= count ? this.connections[count - 1] : undefined),
      timeoutMs,
      `Socket Mode connection #${count}`,
    );
  }

  /** Resolves once connection `id` is closed, by either side. */
  waitForClose(id: number, timeoutMs = 20_000): Promise<SocketConnection> {
    return this.waiters.waitFor(
      () => this.connections.find((c) => c.id === id && !c.open),
      timeoutMs,
      `close of Socket Mode connection #${id}`,
    );
  }

  /**
   * Sends `disconnect` on the newest open connection. After `refresh_requested` or `link_disabled`
   * Slack sends nothing more there and closes it if the app does not; after `warning` it keeps
   * using it until the refresh.
   */
  disconnect(reason: DisconnectReason): void {
    const connection = this.newestOpen();
    connection.info.disconnectReason = reason;
    connection.ws.send(JSON.stringify(disconnectMessage(reason)));
    if (reason === 'warning') return;
    connection.info.accepting = false;
    this.later(REFRESH_GRACE_MS, () => connection.ws.close(1000, 'refresh'));
  }

  /** Ends the newest connection without a close frame, as a network failure would. */
  drop(): void {
    const connection = this.newestOpen();
    connection.info.accepting = false;
    connection.ws.terminate();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const connection of this.live) connection.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const info: SocketConnection = { id: this.live.length + 1, accepting: true, open: true, openedAt: new Date() };
    this.live.push({ info, ws });
    ws.on('message', (data, isBinary) => this.receive(info.id, data, isBinary));
    ws.on('close', () => {
      info.open = false;
      info.accepting = false;
      info.closedAt = new Date();
      this.waiters.notify();
    });
    // A dropped peer shows up as an error on some platforms; the close that follows is what counts.
    ws.on('error', () => undefined);
    ws.send(JSON.stringify(helloMessage(this.appId, this.live.filter((c) => c.info.open).length)));
    this.waiters.notify();
  }

  private receive(connectionId: number, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (
      typeof message !== 'object' ||
      message === null ||
      !('envelope_id' in message) ||
      typeof message.envelope_id !== 'string'
    )
      return;
    const envelopeId = message.envelope_id;
    const payload =
      'payload' in message && typeof message.payload === 'object' && message.payload !== null
        ? { ...message.payload }
        : {};
    const delivery = this.deliveries.find((d) => d.envelope.envelope_id === envelopeId);
    this.acks.push({
      envelopeId,
      payload,
      connectionId,
      late: delivery ? Date.now() - delivery.sentAt > ACK_DEADLINE_MS : false,
      unexpected: !delivery || this.acksOf(envelopeId).length > 0,
    });
    this.waiters.notify();
  }

  private newestOpen(): LiveConnection {
    const connection = this.live.findLast((c) => c.info.open);
    if (!connection) throw new Error('fake Socket Mode: no open connection');
    return connection;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
