import type { SlashCommand } from '@slack/bolt';
import type { FakeSlack } from './fake-slack/index.js';
import { signSlackRequest } from './slack-signature.js';

export interface AckResult {
  status: number;
  /** Parsed JSON when the ack is JSON, text otherwise, undefined when empty. */
  body: unknown;
  headers: Record<string, string>;
  /** Over Socket Mode: the envelope the ack answered. */
  envelopeId?: string;
}

/** `stale` is dated 10 minutes ago, `future` 10 minutes ahead: both outside the 5 minutes either way. */
export type Signature = 'valid' | 'wrong' | 'stale' | 'future';

/** How Slack hands the app a request: the same payloads, over signed HTTP or a Socket Mode envelope. */
export interface SlackTransport {
  command(fields: SlashCommand): Promise<AckResult>;
  interaction(payload: Record<string, unknown>): Promise<AckResult>;
  /** An Events API body (event_callback); a retry carries Slack's retry number and reason. */
  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<AckResult>;
}

/** How far from now a "stale" (or "future") request is dated: past the 5 minutes the signature check tolerates. */
const STALE_SECONDS = 10 * 60;
const FORM = 'application/x-www-form-urlencoded';

/** Slack's HTTP delivery: form-encoded or JSON, signed with the signing secret, to the app's events endpoint. */
export class SignedHttpTransport implements SlackTransport {
  constructor(
    private readonly appUrl: string,
    private readonly signingSecret: string,
  ) {}

  command(fields: SlashCommand): Promise<AckResult> {
    return this.post(commandBody(fields), FORM);
  }

  interaction(payload: Record<string, unknown>): Promise<AckResult> {
    return this.post(interactionBody(payload), FORM);
  }

  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<AckResult> {
    const headers: Record<string, string> = retry
      ? { 'x-slack-retry-num': String(retry.num), 'x-slack-retry-reason': retry.reason }
      : {};
    return this.post(JSON.stringify(body), 'application/json', 'valid', headers);
  }

  async post(
    body: string,
    contentType: string,
    signature: Signature = 'valid',
    extra: Record<string, string> = {},
    /** Dated this instead of now (a replay sends the same bytes with the same date). */
    timestampSeconds?: number,
  ): Promise<AckResult> {
    const now = timestampSeconds ?? Math.floor(Date.now() / 1000);
    const timestamp = signature === 'stale' ? now - STALE_SECONDS : signature === 'future' ? now + STALE_SECONDS : now;
    const secret = signature === 'wrong' ? `${this.signingSecret}-wrong` : this.signingSecret;
    const response = await fetch(this.appUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...signSlackRequest(secret, body, timestamp),
        ...extra,
      },
      body,
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      body: parseAck(text, isJson),
      headers: Object.fromEntries(response.headers.entries()),
    };
  }
}

/**
 * Slack's Socket Mode delivery: an envelope on the app's open connection to the fake; the ack
 * comes back on the socket with the envelope's id. The result reads like an HTTP ack (status 200,
 * an empty ack as no body) so one test can run over either transport.
 */
export class SocketModeTransport implements SlackTransport {
  constructor(
    private readonly fakeSlack: FakeSlack,
    private readonly ackTimeoutMs: number,
  ) {}

  command(fields: SlashCommand): Promise<AckResult> {
    return this.send('slash_commands', { ...fields });
  }

  interaction(payload: Record<string, unknown>): Promise<AckResult> {
    return this.send('interactive', payload);
  }

  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<AckResult> {
    return this.send('events_api', body, retry ? { attempt: retry.num, reason: retry.reason } : undefined);
  }

  private async send(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    retry?: { attempt: number; reason: string },
  ): Promise<AckResult> {
    const link = this.fakeSlack.socketMode;
    const envelopeId = await link.deliver(type, payload, retry ? { retry } : {});
    const ack = await link.waitForAck(envelopeId, this.ackTimeoutMs);
    return {
      status: 200,
      body: Object.keys(ack.payload).length === 0 ? undefined : ack.payload,
      headers: {},
      envelopeId,
    };
  }
}

/** A slash command's fields as Slack posts them (`application/x-www-form-urlencoded`). */
export function commandBody(fields: SlashCommand): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** An interaction as Slack posts it: one form field, `payload`, holding the JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function parseAck(text: string, isJson: boolean): unknown {
  if (text === '') return undefined;
  if (!isJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
