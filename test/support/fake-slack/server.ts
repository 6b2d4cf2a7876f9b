import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateBlocks } from './block-kit-limits.js';
import { callMethod } from './methods.js';
import { FakeSlackState, type FakeSlackUser, type RecordedCall, type SlackError, type UploadedFile } from './state.js';

const RESPONSE_URL_MAX_POSTS = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const TEXT_LIMIT = 40_000;

/**
 * A local stand-in for Slack's Web API (and for response_urls and upload URLs), on 127.0.0.1.
 * It records every call and refuses what real Slack refuses, with Slack's own error names,
 * so a green test means a payload Slack would take.
 */
export class FakeSlack {
  readonly baseUrl: string;
  readonly apiUrl: string;
  private readonly state = new FakeSlackState();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly botToken: string,
  ) {
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
  }

  static async start(options: { botToken?: string } = {}): Promise<FakeSlack> {
    // The handler needs the instance, the instance needs the listening server's port.
    const holder: { fake?: FakeSlack } = {};
    const server = createServer((req, res) => {
      void holder.fake!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.fake = new FakeSlack(server, options.botToken ?? 'xoxb-test');
    return holder.fake;
  }

  get calls(): RecordedCall[] {
    return this.state.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  lastCall(method: string): RecordedCall | undefined {
    return this.callsTo(method).at(-1);
  }

  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitFor(() => this.callsTo(method).find(predicate), timeoutMs, `a ${method} call`);
  }

  addUser(user: FakeSlackUser): void {
    this.state.users.set(user.id, user);
  }

  issueTriggerId(): string {
    const id = this.state.nextId('TRIG');
    this.state.triggerIds.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  createResponseUrl(): string {
    const id = this.state.nextId('R');
    this.state.responseUrls.set(id, { createdAt: Date.now(), posts: [] });
    return `${this.baseUrl}/response/${id}`;
  }

  responsePosts(url: string): Array<Record<string, unknown>> {
    return this.state.responseUrls.get(url.split('/').pop() ?? '')?.posts ?? [];
  }

  /** The first post to the response_url that matches (by default the first post at all). */
  waitForResponsePost(
    url: string,
    predicate: (body: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    return this.waitFor(() => this.responsePosts(url).find(predicate), timeoutMs, `a post to ${url}`);
  }

  failNext(method: string, error: string, options: { retryAfterSeconds?: number; needed?: string } = {}): void {
    const failure: SlackError =
      error === 'ratelimited'
        ? { error, status: 429, headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) } }
        : { error, ...(options.needed ? { extra: { needed: options.needed, provided: 'commands' } } : {}) };
    this.state.forcedFailures.set(method, [...(this.state.forcedFailures.get(method) ?? []), failure]);
  }

  /** Messages the app posted (chat.postMessage) and their latest content after chat.update. */
  messagesIn(channel: string) {
    return [...this.state.messages.values()].filter((m) => m.channel === channel);
  }

  uploadedFiles(): UploadedFile[] {
    return [...this.state.files.values()].filter((f) => f.completed);
  }

  reset(): void {
    this.state.calls.length = 0;
    this.state.forcedFailures.clear();
    this.state.postTimes.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    try {
      if (path.startsWith('/api/')) this.api(path.slice('/api/'.length), req, raw, res);
      else if (path.startsWith('/response/')) this.responseUrl(path.slice('/response/'.length), raw, res);
      else if (path.startsWith('/upload/')) this.upload(path.slice('/upload/'.length), raw, res);
      else send(res, 404, { ok: false, error: 'not_found' });
    } finally {
      this.notify();
    }
  }

  private api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args = parseArgs(req.headers['content-type'] ?? '', raw.toString('utf8'));
    // Slack keeps a message whose text is too long, cut at 40,000 characters.
    if (typeof args.text === 'string' && args.text.length > TEXT_LIMIT) args.text = args.text.slice(0, TEXT_LIMIT);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : typeof args.token === 'string' ? args.token : undefined;
    const record: RecordedCall = { method, args: decodeJsonFields(args), token, ok: false, at: new Date() };
    this.state.calls.push(record);

    const forced = this.state.forcedFailures.get(method)?.shift();
    const result = !token
      ? ({ ok: false, error: 'not_authed' } as const)
      : token !== this.botToken && method !== 'oauth.v2.access'
        ? ({ ok: false, error: 'invalid_auth' } as const)
        : forced
          ? ({ ok: false, ...forced } as const)
          : callMethod(this.state, method, args, this.baseUrl);

    if (args.blocks !== undefined && !args.text && method.startsWith('chat.')) record.missingTextFallback = true;
    record.ok = result.ok;
    if (!result.ok) {
      record.error = result.error;
      send(res, result.status ?? 200, { ok: false, error: result.error, ...result.extra }, result.headers);
      return;
    }
    send(res, 200, { ok: true, ...result.body });
  }

  private responseUrl(id: string, raw: Buffer, res: ServerResponse): void {
    const entry = this.state.responseUrls.get(id);
    if (!entry) return send(res, 404, { ok: false, error: 'invalid_url' });
    if (Date.now() - entry.createdAt > RESPONSE_URL_TTL_MS) return send(res, 404, { ok: false, error: 'expired_url' });
    if (entry.posts.length >= RESPONSE_URL_MAX_POSTS) return send(res, 404, { ok: false, error: 'used_url' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return send(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (!body.text && body.blocks === undefined && body.delete_original !== true) return send(res, 400, { ok: false, error: 'no_text' });
    if (body.blocks !== undefined) {
      const problems = validateBlocks(body.blocks, 'message');
      if (problems.length > 0) return send(res, 400, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
    }
    entry.posts.push(body);
    send(res, 200, { ok: true });
  }

  private upload(fileId: string, raw: Buffer, res: ServerResponse): void {
    const file = this.state.files.get(fileId);
    if (!file) return send(res, 404, { ok: false, error: 'file_not_found' });
    file.bytes = extractUploadedBytes(raw);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  }
}

/** Tests read `blocks` and `view` as objects, not as the JSON text the Web API client sends. */
function decodeJsonFields(args: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...args };
  for (const field of ['blocks', 'view', 'attachments', 'files']) {
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(contentType: string, body: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** @slack/web-api posts the file as multipart/form-data; keep only the file part's bytes. */
function extractUploadedBytes(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const boundary = /^--([^\r\n]+)\r\n/.exec(text)?.[1];
  if (!boundary) return raw;
  const start = text.indexOf('\r\n\r\n') + 4;
  const end = text.indexOf(`\r\n--${boundary}`, start);
  return raw.subarray(start, end === -1 ? undefined : end);
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
