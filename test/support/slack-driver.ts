import type { FakeSlack } from './fake-slack/index.js';
import {
  buildBlockActionPayload,
  buildEventEnvelope,
  buildSlashCommand,
  buildViewSubmissionPayload,
  type BlockActionInput,
  type ViewSubmissionInput,
} from './payload-factories.js';
import { signSlackRequest } from './slack-signature.js';

export interface DriverOptions {
  /** The app's events endpoint, e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  signingSecret: string;
  fakeSlack: FakeSlack;
  teamId?: string;
}

export interface AckResult {
  status: number;
  /** Parsed JSON when the ack is JSON, text otherwise, undefined when empty. */
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Sends requests to the app the way Slack does: form-encoded, signed, to its real HTTP endpoint,
 * with a response_url and trigger_id that the fake Slack serves and checks.
 */
export class SlackDriver {
  constructor(private readonly options: DriverOptions) {}

  async slashCommand(input: { userId: string; text: string; command?: string; channelId?: string; userName?: string }) {
    const responseUrl = this.options.fakeSlack.createResponseUrl();
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const fields = buildSlashCommand({
      text: input.text,
      user_id: input.userId,
      response_url: responseUrl,
      trigger_id: triggerId,
      ...(input.command ? { command: input.command } : {}),
      ...(input.channelId ? { channel_id: input.channelId } : {}),
      ...(input.userName ? { user_name: input.userName } : {}),
      ...(this.options.teamId ? { team_id: this.options.teamId } : {}),
    });
    const ack = await this.post(new URLSearchParams(Object.entries(fields)).toString(), 'application/x-www-form-urlencoded');
    return { ack, responseUrl, triggerId };
  }

  async blockAction(input: Omit<BlockActionInput, 'responseUrl' | 'triggerId'> & { responseUrl?: string }) {
    const responseUrl = input.responseUrl ?? this.options.fakeSlack.createResponseUrl();
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const payload = buildBlockActionPayload({ ...input, responseUrl, triggerId, ...(this.options.teamId ? { teamId: this.options.teamId } : {}) });
    const ack = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    return { ack, responseUrl, triggerId };
  }

  async viewSubmission(input: Omit<ViewSubmissionInput, 'triggerId'>) {
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const payload = buildViewSubmissionPayload({ ...input, triggerId, ...(this.options.teamId ? { teamId: this.options.teamId } : {}) });
    const ack = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    return { ack, triggerId };
  }

  async event(input: { event: Record<string, unknown>; eventId?: string; retryNum?: number; retryReason?: string }): Promise<AckResult> {
    const envelope = buildEventEnvelope({
      event: input.event,
      eventId: input.eventId ?? `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
      ...(this.options.teamId ? { teamId: this.options.teamId } : {}),
    });
    const headers: Record<string, string> = {};
    if (input.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(input.retryNum);
      headers['x-slack-retry-reason'] = input.retryReason ?? 'http_timeout';
    }
    return this.post(JSON.stringify(envelope), 'application/json', 'valid', headers);
  }

  /** A request as given, for bad-input tests: a wrong or stale signature, a body Slack never sends. */
  raw(input: { body: string; contentType: string; signature?: 'valid' | 'wrong' | 'stale' }): Promise<AckResult> {
    return this.post(input.body, input.contentType, input.signature ?? 'valid');
  }

  private async post(body: string, contentType: string, signature: 'valid' | 'wrong' | 'stale' = 'valid', extra: Record<string, string> = {}): Promise<AckResult> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = signature === 'stale' ? now - 10 * 60 : now;
    const secret = signature === 'wrong' ? `${this.options.signingSecret}-wrong` : this.options.signingSecret;
    const response = await fetch(this.options.appUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signSlackRequest(secret, body, timestamp), ...extra },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text === '' ? undefined : text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers.entries()) };
  }
}
