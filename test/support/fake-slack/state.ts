/** What the fake Slack remembers between calls; tests read it through FakeSlack. */
export interface RecordedCall {
  method: string;
  /** The arguments as Slack read them; JSON-encoded fields (blocks, view, files…) decoded, `token` left out. */
  args: Record<string, unknown>;
  token: string | undefined;
  ok: boolean;
  error?: string;
  /** A message with blocks but no `text` fallback: Slack takes it, but notifications and screen readers get nothing. */
  missingTextFallback?: boolean;
  /** The same flag under the name the harness brief gave it, for tests written against either. */
  missing_text_fallback?: boolean;
  /** Length of a `text` over 40,000 characters, which Slack kept only the start of. */
  textTruncatedFrom?: number;
  at: Date;
}

export interface FakeSlackUser {
  id: string;
  teamId?: string;
  email?: string;
  realName?: string;
  name?: string;
  tz?: string;
  deleted?: boolean;
  isBot?: boolean;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  /** Message metadata (`event_type`, `event_payload`), when the post carried some. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  /** A person's own message (a file share): who posted it, and its files. Posts by ub have none. */
  from?: {
    user: string;
    subtype: 'file_share';
    files: Array<{ id: string; name: string; filetype: string; mimetype: string }>;
  };
}

/**
 * The conversation a post to `channel` lands in: a user id means the app's DM with that user,
 * whose id (as conversations.open gives it) is `D<user id>`; a channel id is itself.
 */
export function conversationOf(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

/** A file whose upload was completed (files.completeUploadExternal), as the channel sees it. */
export interface UploadedFile {
  fileId: string;
  filename: string;
  bytes: Buffer;
  channelId?: string;
  initialComment?: string;
  title?: string;
}

/** A file between files.getUploadURLExternal and files.completeUploadExternal. */
export interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer | undefined;
  completed: boolean;
  channelId?: string;
  initialComment?: string;
  title?: string;
}

/** A file someone shared in Slack (in a DM with ub, or from a form's file input), downloadable with a token. */
export interface SharedFile {
  id: string;
  name: string;
  filetype: string;
  mimetype: string;
  bytes: Buffer;
  user: string;
}

export interface StoredView {
  view: Record<string, unknown>;
  externalId?: string;
  hash: string;
  /** The user whose Home tab this is (views.publish). */
  homeOf?: string;
}

export interface ResponseUrlState {
  createdAt: number;
  posts: Array<Record<string, unknown>>;
  /** The HTTP status of every post made to it, refused ones included. */
  attempts: number[];
}

/** A refusal, shaped the way the HTTP layer sends it. */
export interface SlackError {
  error: string;
  status?: number;
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export class FakeSlackState {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly messages = new Map<string, PostedMessage>();
  readonly views = new Map<string, StoredView>();
  readonly triggerIds = new Map<string, { issuedAt: number; used: boolean }>();
  readonly responseUrls = new Map<string, ResponseUrlState>();
  readonly files = new Map<string, PendingUpload>();
  readonly sharedFiles = new Map<string, SharedFile>();
  readonly forcedFailures = new Map<string, SlackError[]>();
  /** Channels a post is refused in, with Slack's error (`is_archived`, `not_in_channel`, `channel_not_found`). */
  readonly closedChannels = new Map<string, string>();
  /** Asked for every response_url post: a failure to answer instead, or undefined (see FakeSlack.failResponsePosts). */
  responseUrlFailure:
    ((post: { n: number; attempt: number }) => { status: number; retryAfterSeconds?: number } | undefined) | undefined;
  responseUrlPostCount = 0;
  /** Tokens handed out by oauth.v2.access, valid from then on like the bot token. */
  readonly installedTokens = new Set<string>();
  /** Tickets of the Socket Mode URLs apps.connections.open handed out and no connection has used yet. */
  readonly socketTickets = new Set<string>();
  /** Shifted by advanceTime so that 3-second and 30-minute expiries are testable without waiting. */
  private offsetMs = 0;
  private counter = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(8, '0')}`;
  }

  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }
}
