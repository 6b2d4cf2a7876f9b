/** What the fake Slack remembers between calls; tests read it through FakeSlack. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  ok: boolean;
  error?: string;
  /** A message with blocks but no `text` fallback: Slack takes it, but notifications and screen readers get nothing. */
  missingTextFallback?: boolean;
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
}

export interface UploadedFile {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer | undefined;
  completed: boolean;
  channelId?: string;
  initialComment?: string;
  title?: string;
}

export interface ResponseUrlState {
  createdAt: number;
  posts: Array<Record<string, unknown>>;
}

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
  readonly views = new Map<string, { view: Record<string, unknown>; externalId?: string }>();
  readonly triggerIds = new Map<string, { issuedAt: number; used: boolean }>();
  readonly responseUrls = new Map<string, ResponseUrlState>();
  readonly files = new Map<string, UploadedFile>();
  readonly forcedFailures = new Map<string, SlackError[]>();
  readonly postTimes = new Map<string, number[]>();
  private counter = 0;

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(8, '0')}`;
  }

  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }
}
