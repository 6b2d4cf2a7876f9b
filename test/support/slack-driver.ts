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
  /** Default T_TEST. */
  teamId?: string;
}

export interface AckResult {
  status: number;
  /** Parsed JSON when the ack is JSON, text otherwise, undefined when empty. */
  body: unknown;
  headers: Record<string, string>;
}

export type Signature = 'valid' | 'wrong' | 'stale';

export interface SlashCommandInput {
  userId: string;
  text: string;
  /** Default '/ub'. */
  command?: string;
  channelId?: string;
  userName?: string;
}

export type BlockActionDriverInput = Omit<BlockActionInput, 'responseUrl' | 'triggerId' | 'teamId'> & {
  responseUrl?: string;
};
export type ViewSubmissionDriverInput = Omit<ViewSubmissionInput, 'triggerId' | 'teamId'>;

/** How far from now a "stale" request is dated: past the 5 minutes Slack's signature check tolerates. */
const STALE_SECONDS = 10 * 60;
const FORM = 'application/x-www-form-urlencoded';

/**
 * Sends requests to the app the way Slack does: form-encoded or JSON, signed, to its real HTTP
 * endpoint, with a response_url and trigger_id that the fake Slack serves and checks.
 */
export class SlackDriver {
  constructor(private readonly options: DriverOptions) {}

  async slashCommand(input: SlashCommandInput): Promise<{ ack: AckResult; responseUrl: string; triggerId: string }> {
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
    const ack = await this.post(
      new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString(),
      FORM,
    );
    return { ack, responseUrl, triggerId };
  }

  /** A button click (or a select choice with selectedOption) in a message, or in a view when `view` is given. */
  async blockAction(
    input: BlockActionDriverInput,
  ): Promise<{ ack: AckResult; responseUrl: string; triggerId: string }> {
    const responseUrl = input.responseUrl ?? this.options.fakeSlack.createResponseUrl();
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const payload = buildBlockActionPayload({ ...input, responseUrl, triggerId, ...this.team() });
    const ack = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
    return { ack, responseUrl, triggerId };
  }

  async viewSubmission(input: ViewSubmissionDriverInput): Promise<{ ack: AckResult; triggerId: string }> {
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const payload = buildViewSubmissionPayload({ ...input, triggerId, ...this.team() });
    const ack = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
    return { ack, triggerId };
  }

  /** An Events API delivery; retryNum/retryReason add the headers Slack sets on a redelivery. */
  async event(input: {
    event: Record<string, unknown>;
    eventId?: string;
    retryNum?: number;
    retryReason?: string;
  }): Promise<AckResult> {
    const envelope = buildEventEnvelope({
      event: input.event,
      eventId: input.eventId ?? `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
      ...this.team(),
    });
    const headers: Record<string, string> = {};
    if (input.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(input.retryNum);
      headers['x-slack-retry-reason'] = input.retryReason ?? 'http_timeout';
    }
    return this.post(JSON.stringify(envelope), 'application/json', 'valid', headers);
  }

  /** A request as given, for bad-input tests: a wrong or stale signature, a body Slack never sends. */
  raw(input: { body: string; contentType: string; signature?: Signature }): Promise<AckResult> {
    return this.post(input.body, input.contentType, input.signature ?? 'valid');
  }

  /** The first post to a response_url that matches, as the fake Slack received it. */
  waitForResponse(
    responseUrl: string,
    predicate?: (body: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>> {
    return this.options.fakeSlack.waitForResponsePost(responseUrl, predicate, timeoutMs);
  }

  private team(): { teamId?: string } {
    return this.options.teamId ? { teamId: this.options.teamId } : {};
  }

  private async post(
    body: string,
    contentType: string,
    signature: Signature = 'valid',
    extra: Record<string, string> = {},
  ): Promise<AckResult> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = signature === 'stale' ? now - STALE_SECONDS : now;
    const secret = signature === 'wrong' ? `${this.options.signingSecret}-wrong` : this.options.signingSecret;
    const response = await fetch(this.options.appUrl, {
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

function parseAck(text: string, isJson: boolean): unknown {
  if (text === '') return undefined;
  if (!isJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
