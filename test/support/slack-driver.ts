import type { FakeSlack } from './fake-slack/index.js';
import { validateOptionsAnswer } from './fake-slack/index.js';
import {
  buildBlockActionPayload,
  buildBlockSuggestionPayload,
  buildEventEnvelope,
  buildSlashCommand,
  buildViewSubmissionPayload,
  type BlockActionInput,
  type BlockSuggestionInput,
  type ViewSubmissionInput,
} from './payload-factories.js';
import {
  commandBody,
  interactionBody,
  SignedHttpTransport,
  SocketModeTransport,
  type AckResult,
  type Signature,
  type SlackTransport,
} from './slack-transports.js';

export type { AckResult, Signature } from './slack-transports.js';

interface CommonOptions {
  fakeSlack: FakeSlack;
  /** Default T_TEST. */
  teamId?: string;
}

/** Signed HTTP requests to the app's events endpoint (the default). */
export interface HttpDriverOptions extends CommonOptions {
  via?: 'http';
  /** The app's events endpoint, e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  signingSecret: string;
}

/** Envelopes on the app's Socket Mode connection to the fake (fakeSlack.socketMode). */
export interface SocketModeDriverOptions extends CommonOptions {
  via: 'socket-mode';
  /** How long to wait for an ack (and so for a reconnecting app to come back). Default 20 s. */
  ackTimeoutMs?: number;
}

export type DriverOptions = HttpDriverOptions | SocketModeDriverOptions;

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

/**
 * Sends requests to the app the way Slack does, over signed HTTP to its real endpoint or as
 * Socket Mode envelopes, with a response_url and trigger_id that the fake Slack serves and checks.
 */
export class SlackDriver {
  private readonly transport: SlackTransport;

  constructor(private readonly options: DriverOptions) {
    this.transport =
      options.via === 'socket-mode'
        ? new SocketModeTransport(options.fakeSlack, options.ackTimeoutMs ?? 20_000)
        : new SignedHttpTransport(options.appUrl, options.signingSecret);
  }

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
    const ack = await this.transport.command(fields);
    return { ack, responseUrl, triggerId };
  }

  /**
   * The answer a person sees to `/ub <text>`: the ack's own message when the app answered in the
   * ack (input problems), otherwise the first post to the command's response_url.
   */
  async answer(userId: string, text: string): Promise<Record<string, unknown>> {
    const { ack, responseUrl } = await this.slashCommand({ userId, text });
    if (ack.body !== undefined) return ack.body as Record<string, unknown>;
    return this.waitForResponse(responseUrl);
  }

  /** A button click (or a select choice with selectedOption) in a message, or in a view when `view` is given. */
  async blockAction(
    input: BlockActionDriverInput,
  ): Promise<{ ack: AckResult; responseUrl: string; triggerId: string }> {
    const responseUrl = input.responseUrl ?? this.options.fakeSlack.createResponseUrl();
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const ack = await this.transport.interaction(
      buildBlockActionPayload({ ...input, responseUrl, triggerId, ...this.team() }),
    );
    return { ack, responseUrl, triggerId };
  }

  async viewSubmission(input: ViewSubmissionDriverInput): Promise<{ ack: AckResult; triggerId: string }> {
    const triggerId = this.options.fakeSlack.issueTriggerId();
    const ack = await this.transport.interaction(buildViewSubmissionPayload({ ...input, triggerId, ...this.team() }));
    return { ack, triggerId };
  }

  /**
   * An external select asking for options as someone types (over HTTP: the options load URL, the
   * same endpoint). The answer is the ack; `problems` says what Slack would refuse in it.
   */
  async blockSuggestion(input: Omit<BlockSuggestionInput, 'teamId'>): Promise<{
    ack: AckResult;
    options: Array<{ text: { type: string; text: string }; value: string }>;
    problems: string[];
  }> {
    const ack = await this.transport.interaction(buildBlockSuggestionPayload({ ...input, ...this.team() }));
    const body = (ack.body ?? {}) as { options?: Array<{ text: { type: string; text: string }; value: string }> };
    return { ack, options: body.options ?? [], problems: validateOptionsAnswer(ack.body) };
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
    const retry =
      input.retryNum !== undefined ? { num: input.retryNum, reason: input.retryReason ?? 'http_timeout' } : undefined;
    return this.transport.event(envelope, retry);
  }

  /**
   * A signed HTTP request as given, for bad-input tests: a wrong, stale or future-dated signature,
   * a body Slack never sends, or the same bytes again (`timestampSeconds` fixed: a replay).
   */
  raw(input: {
    body: string;
    contentType: string;
    signature?: Signature;
    timestampSeconds?: number;
    headers?: Record<string, string>;
  }): Promise<AckResult> {
    if (!(this.transport instanceof SignedHttpTransport))
      throw new Error('raw() sends signed HTTP requests: this driver talks Socket Mode');
    return this.transport.post(
      input.body,
      input.contentType,
      input.signature ?? 'valid',
      input.headers ?? {},
      input.timestampSeconds,
    );
  }

  /** The form body of a slash command as Slack posts it, with a response_url and trigger_id the fake serves. */
  slashCommandBody(input: SlashCommandInput & { teamId?: string }): { body: string; responseUrl: string } {
    const responseUrl = this.options.fakeSlack.createResponseUrl();
    const fields = buildSlashCommand({
      text: input.text,
      user_id: input.userId,
      response_url: responseUrl,
      trigger_id: this.options.fakeSlack.issueTriggerId(),
      team_id: input.teamId ?? this.options.teamId ?? 'T_TEST',
    });
    return { body: commandBody(fields), responseUrl };
  }

  /** The form body of a button click as Slack posts it (`payload=<json>`). */
  blockActionBody(input: BlockActionDriverInput & { teamId?: string }): { body: string; responseUrl: string } {
    const responseUrl = input.responseUrl ?? this.options.fakeSlack.createResponseUrl();
    const payload = buildBlockActionPayload({
      ...input,
      responseUrl,
      triggerId: this.options.fakeSlack.issueTriggerId(),
      teamId: input.teamId ?? this.options.teamId ?? 'T_TEST',
    });
    return { body: interactionBody(payload), responseUrl };
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
}
