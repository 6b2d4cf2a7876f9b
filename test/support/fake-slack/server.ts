import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from '../fake-socket-mode/link.js';
import { extractUploadedBytes, parseArgs, readBody, sendJson, sendText } from './http-body.js';
import { callMethod } from './methods.js';
import { RateLimiter } from './rate-limit.js';
import { postToResponseUrl, type ResponseUrlFailure } from './response-urls.js';
import { APP_ID } from './results.js';
import {
  conversationOf,
  FakeSlackState,
  type FakeSlackUser,
  type PostedMessage,
  type RecordedCall,
  type SlackError,
  type UploadedFile,
} from './state.js';
import { Waiters } from './waiters.js';

export interface FakeSlackOptions {
  /** The token the app's WebClient sends; any other is `invalid_auth`. Default 'xoxb-test'. */
  botToken?: string;
  /** The app-level token that opens Socket Mode connections (apps.connections.open). Default 'xapp-test'. */
  appToken?: string;
  /** chat.postMessage per channel: this many at once (default 30)… */
  chatBurst?: number;
  /** …then this many a second (default 1). */
  chatPerSecond?: number;
}

/** Fields that @slack/web-api sends JSON-encoded; tests read them as objects. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'files', 'metadata'];

/**
 * A local stand-in for Slack's Web API (and for response_urls and upload URLs), on 127.0.0.1.
 * It records every call and refuses what real Slack refuses, with Slack's own error names,
 * so a green test means a payload Slack would take.
 */
export class FakeSlack {
  readonly baseUrl: string;
  readonly apiUrl: string;
  readonly appToken: string;
  /** Slack's end of Socket Mode connections: envelopes out, acks in, refreshes and drops. */
  readonly socketMode: FakeSocketMode;
  private readonly state = new FakeSlackState();
  private readonly waiters = new Waiters();
  private readonly chatLimiter: RateLimiter;

  private constructor(
    private readonly server: Server,
    private readonly botToken: string,
    options: FakeSlackOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.appToken = options.appToken ?? 'xapp-test';
    this.chatLimiter = new RateLimiter(options.chatBurst ?? 30, options.chatPerSecond ?? 1);
    this.socketMode = new FakeSocketMode(this.state, this.waiters, APP_ID);
    server.on('upgrade', (req, socket, head) => this.socketMode.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    // The handler needs the instance, the instance needs the listening server's port.
    const holder: { fake?: FakeSlack } = {};
    const server = createServer((req, res) => {
      if (holder.fake) void holder.fake.handle(req, res);
      else sendJson(res, 503, { ok: false, error: 'fake_slack_starting' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.fake = new FakeSlack(server, options.botToken ?? 'xoxb-test', options);
    return holder.fake;
  }

  /** Every Web API call since the start or the last reset(), refused ones included, in order. */
  get calls(): RecordedCall[] {
    return this.state.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.callsTo(method).at(-1);
  }

  /** The first call of `method` (made already or still to come) that matches, whether Slack took it or not. */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.waiters.waitFor(() => this.callsTo(method).find(predicate), timeoutMs, `${method} call`);
  }

  /** A workspace member, answered by users.info, users.lookupByEmail and conversations.open. */
  addUser(user: FakeSlackUser): void {
    this.state.users.set(user.id, user);
  }

  /**
   * A file someone shares (a CSV in a DM with ub, or picked in a form's file input); returns its id.
   * files.info describes it; its url_private_download gives the bytes to a bearer token Slack
   * knows, and, as Slack does, a sign-in page (HTML, 200) to anyone else.
   */
  shareFile(file: {
    name: string;
    bytes: Buffer | string;
    user: string;
    filetype?: string;
    mimetype?: string;
  }): string {
    const id = this.state.nextId('F');
    this.state.sharedFiles.set(id, {
      id,
      name: file.name,
      filetype: file.filetype ?? (file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'text'),
      mimetype: file.mimetype ?? (file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'text/plain'),
      bytes: typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes,
      user: file.user,
    });
    return id;
  }

  /**
   * A person uploads a file into their DM with the app (the messages tab): the file is shared as
   * with shareFile, and the DM gains the person's `file_share` message, which conversations.history
   * lists with the file's id, name and type. Returns the file's id.
   */
  shareFileInDm(file: { name: string; bytes: Buffer | string; user: string; text?: string }): string {
    const id = this.shareFile(file);
    const shared = this.state.sharedFiles.get(id)!;
    const channel = conversationOf(file.user);
    const ts = this.state.nextTs();
    this.state.messages.set(`${channel}:${ts}`, {
      channel,
      ts,
      text: file.text ?? '',
      blocks: undefined,
      threadTs: undefined,
      from: {
        user: file.user,
        subtype: 'file_share',
        files: [{ id, name: shared.name, filetype: shared.filetype, mimetype: shared.mimetype }],
      },
    });
    return id;
  }

  /** A trigger_id as an interaction carries: opens one modal, within 3 seconds. */
  issueTriggerId(): string {
    const id = `${this.state.nextId('')}.${Math.floor(this.state.now() / 1000)}.trigger`;
    this.state.triggerIds.set(id, { issuedAt: this.state.now(), used: false });
    return id;
  }

  /** A response_url as a command or a click carries: 5 posts, 30 minutes. */
  createResponseUrl(): string {
    const id = this.state.nextId('R');
    this.state.responseUrls.set(id, { createdAt: this.state.now(), posts: [], attempts: [] });
    return `${this.baseUrl}/response/${id}`;
  }

  /** The bodies Slack accepted at that response_url, in order. */
  responsePosts(url: string): Array<Record<string, unknown>> {
    return this.state.responseUrls.get(responseUrlId(url))?.posts ?? [];
  }

  /** The first post to the response_url that matches (by default the first post at all). */
  waitForResponsePost(
    url: string,
    predicate: (body: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    return this.waiters.waitFor(() => this.responsePosts(url).find(predicate), timeoutMs, `post to ${url}`);
  }

  /**
   * The next call of `method` fails as Slack would: `ratelimited` is an HTTP 429 with Retry-After;
   * `httpStatus` (500, 503) answers that status instead of Slack's usual 200 with `ok: false`.
   */
  failNext(
    method: string,
    error: string,
    options: { retryAfterSeconds?: number; needed?: string; httpStatus?: number } = {},
  ): void {
    const failure: SlackError =
      error === 'ratelimited'
        ? { error, status: 429, headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) } }
        : {
            error,
            ...(options.httpStatus ? { status: options.httpStatus } : {}),
            ...(options.needed ? { extra: { needed: options.needed, provided: 'commands,chat:write' } } : {}),
          };
    this.state.forcedFailures.set(method, [...(this.state.forcedFailures.get(method) ?? []), failure]);
  }

  /**
   * Makes response_urls fail some of the time, as a busy Slack does: `failure` is asked for each
   * post, with `n` (the n-th post from now, over every response_url) and `attempt` (the n-th post
   * to that URL), and answers a 429 (with Retry-After) or a 5xx, or undefined to let the post
   * through. A refused post does not count against the URL's 5.
   */
  failResponsePosts(
    failure: ((post: { n: number; attempt: number }) => ResponseUrlFailure | undefined) | undefined,
  ): void {
    this.state.responseUrlFailure = failure;
    this.state.responseUrlPostCount = 0;
  }

  /** Every attempt at that response_url, refused ones included, in order: the status Slack answered. */
  responseAttempts(url: string): number[] {
    return this.state.responseUrls.get(responseUrlId(url))?.attempts ?? [];
  }

  /**
   * Messages posted with chat.postMessage to a channel, as they read after any chat.update. A
   * user id means the app's DM with that user (where a post to the user id lands).
   */
  messagesIn(channel: string): PostedMessage[] {
    const conversation = conversationOf(channel);
    return [...this.state.messages.values()].filter((m) => m.channel === conversation);
  }

  /** Files whose upload was completed, with their bytes. */
  uploadedFiles(): UploadedFile[] {
    return [...this.state.files.values()].flatMap((f) =>
      f.completed && f.bytes
        ? [
            {
              fileId: f.fileId,
              filename: f.filename,
              bytes: f.bytes,
              channelId: f.channelId,
              initialComment: f.initialComment,
              title: f.title,
            },
          ]
        : [],
    );
  }

  /**
   * Posts to the channel are refused from now on as Slack refuses them: `is_archived` (archived),
   * `not_in_channel` (the bot was removed), `channel_not_found` (deleted); a user id closes their DM
   * (`user_disabled`: the person was deactivated). `undefined` opens it again.
   */
  closeChannel(
    channel: string,
    error: 'is_archived' | 'not_in_channel' | 'channel_not_found' | 'user_disabled' | undefined,
  ): void {
    if (error) this.state.closedChannels.set(channel, error);
    else this.state.closedChannels.delete(channel);
  }

  /** Moves the fake's clock on, for trigger_id (3 s), response_url (30 min) and rate-limit windows. */
  advanceTime(ms: number): void {
    this.state.advance(ms);
  }

  /** Forgets calls, uploaded files, forced failures and rate-limit counts; users, messages and views stay. */
  reset(): void {
    this.state.calls.length = 0;
    this.state.files.clear();
    this.state.forcedFailures.clear();
    this.state.responseUrlFailure = undefined;
    this.chatLimiter.reset();
  }

  async stop(): Promise<void> {
    await this.socketMode.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', this.baseUrl);
      if (url.pathname.startsWith('/api/'))
        this.api(url.pathname.slice('/api/'.length), url.searchParams, req, raw, res);
      else if (url.pathname.startsWith('/response/')) {
        const answer = postToResponseUrl(this.state, url.pathname.slice('/response/'.length), raw.toString('utf8'));
        sendJson(res, answer.status, answer.body, answer.headers);
      } else if (url.pathname.startsWith('/upload/')) this.upload(url.pathname.slice('/upload/'.length), req, raw, res);
      else if (url.pathname.startsWith('/files-pri/')) this.download(url.pathname.split('/')[2] ?? '', req, res);
      else sendJson(res, 404, { ok: false, error: 'not_found' });
    } catch (error) {
      // A bug in the fake must fail the test loudly, not hang it.
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_slack_bug', detail: String(error) });
    } finally {
      this.waiters.notify();
    }
  }

  private api(method: string, query: URLSearchParams, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args = parseArgs(req.headers['content-type'] ?? '', raw.toString('utf8'), query);
    const { token, clientId, clientSecret } = credentials(req.headers.authorization, args);
    const record: RecordedCall = {
      method,
      args: decodeJsonFields(args ?? {}),
      token,
      ok: false,
      at: new Date(this.state.now()),
    };
    this.state.calls.push(record);
    if (!args) {
      record.error = 'invalid_json';
      return sendJson(res, 200, { ok: false, error: 'invalid_json' });
    }
    if (clientId && args.client_id === undefined)
      Object.assign(args, { client_id: clientId, client_secret: clientSecret });
    const validTokens = new Set([this.botToken, this.appToken, ...this.state.installedTokens]);
    const result = callMethod(method, args, token, {
      state: this.state,
      baseUrl: this.baseUrl,
      record,
      chatLimiter: this.chatLimiter,
      validTokens,
    });
    record.ok = result.ok;
    if (result.ok) return sendJson(res, 200, { ok: true, ...result.body });
    record.error = result.error;
    sendJson(res, result.status ?? 200, { ok: false, error: result.error, ...result.extra }, result.headers);
  }

  private download(fileId: string, req: IncomingMessage, res: ServerResponse): void {
    const { token } = credentials(req.headers.authorization, undefined);
    const valid = token !== undefined && (token === this.botToken || this.state.installedTokens.has(token));
    const file = this.state.sharedFiles.get(fileId);
    if (!valid || !file) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
    res.end(file.bytes);
  }

  private upload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const file = this.state.files.get(fileId);
    if (!file) return sendText(res, 404, 'file_not_found');
    file.bytes = extractUploadedBytes(req.headers['content-type'] ?? '', raw);
    sendText(res, 200, `OK - ${file.bytes.length}`);
  }
}

function responseUrlId(url: string): string {
  return url.split('/').pop() ?? '';
}

/** A bearer token (or `token` argument), or an OAuth client's Basic credentials. */
function credentials(authorization: string | undefined, args: Record<string, unknown> | undefined) {
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice('Bearer '.length) };
  if (authorization?.startsWith('Basic ')) {
    const [clientId, clientSecret] = Buffer.from(authorization.slice('Basic '.length), 'base64')
      .toString('utf8')
      .split(':');
    return { token: undefined, clientId, clientSecret };
  }
  return { token: typeof args?.token === 'string' && args.token !== '' ? args.token : undefined };
}

/** Tests read `blocks` and `view` as objects, not as the JSON text the Web API client sends. */
function decodeJsonFields(args: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...args };
  delete decoded.token;
  for (const field of JSON_FIELDS) {
    const value = decoded[field];
    if (typeof value !== 'string') continue;
    try {
      decoded[field] = JSON.parse(value);
    } catch {
      // Left as text: the method itself answers invalid_blocks_format / invalid_arguments.
    }
  }
  return decoded;
}
