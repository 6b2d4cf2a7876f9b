import { validateBlocks } from './block-kit-limits.js';
import { conversationOf, type PostedMessage } from './state.js';
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  fail,
  failWithProblems,
  INVALID_JSON,
  jsonField,
  ok,
  stringArg,
  TEAM_ID,
  type Args,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
} from './results.js';

/** Slack keeps a message whose text is longer, cut at this many characters. */
export const TEXT_LIMIT = 40_000;

interface MessageContent {
  text: string | undefined;
  blocks: unknown[] | undefined;
}

/** What Slack checks in every message body (chat.postMessage, chat.postEphemeral, chat.update). */
function readMessage(args: Args, ctx: MethodContext): MessageContent | MethodResult {
  const blocks = jsonField(args, 'blocks');
  if (blocks === INVALID_JSON) return fail('invalid_blocks_format');
  const attachments = jsonField(args, 'attachments');
  if (attachments === INVALID_JSON) return fail('invalid_attachments');
  let text = stringArg(args, 'text');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!text && !hasBlocks && attachments === undefined) return fail('no_text');
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length > 0) return failWithProblems('invalid_blocks', problems);
  }
  if (text && text.length > TEXT_LIMIT) {
    ctx.record.textTruncatedFrom = text.length;
    text = text.slice(0, TEXT_LIMIT);
    ctx.record.args.text = text;
  }
  if (hasBlocks && !text) {
    ctx.record.missingTextFallback = true;
    ctx.record.missing_text_fallback = true;
  }
  return { text, blocks: hasBlocks ? (blocks as unknown[]) : undefined };
}

/** The file ids image blocks show by `slack_file`. */
function imageFilesOf(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((block) => {
    const file = (block as { type?: unknown; slack_file?: { id?: unknown } }).slack_file;
    return (block as { type?: unknown }).type === 'image' && typeof file?.id === 'string' ? [file.id] : [];
  });
}

const isResult = (value: MessageContent | MethodResult): value is MethodResult => 'ok' in value;

type Metadata = NonNullable<PostedMessage['metadata']>;

/** Message metadata as Slack checks it: `event_type` a string, `event_payload` an object. */
function readMetadata(args: Args): Metadata | undefined | MethodResult {
  const metadata = jsonField(args, 'metadata');
  if (metadata === undefined) return undefined;
  if (metadata === INVALID_JSON || typeof metadata !== 'object' || metadata === null)
    return fail('invalid_metadata_format');
  const { event_type: type, event_payload: payload } = metadata as Record<string, unknown>;
  if (
    typeof type !== 'string' ||
    type === '' ||
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  )
    return fail('invalid_metadata_schema');
  return { event_type: type, event_payload: payload as Record<string, unknown> };
}

const messageBody = (ts: string, content: MessageContent, threadTs?: string) => ({
  type: 'message',
  text: content.text ?? '',
  ...(content.blocks ? { blocks: content.blocks } : {}),
  ts,
  user: BOT_USER_ID,
  bot_id: BOT_ID,
  app_id: APP_ID,
  team: TEAM_ID,
  ...(threadTs ? { thread_ts: threadTs } : {}),
});

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel) return fail('channel_not_found');
    const content = readMessage(args, ctx);
    if (isResult(content)) return content;
    const metadata = readMetadata(args);
    if (metadata && 'ok' in metadata) return metadata;
    const conversation = conversationOf(channel);
    const closed = ctx.state.closedChannels.get(channel) ?? ctx.state.closedChannels.get(conversation);
    if (closed) return fail(closed);
    const unknownFile = imageFilesOf(content.blocks).find((id) => !ctx.state.files.get(id)?.completed);
    // Slack shows an uploaded file only once its upload is complete, and never one it does not know.
    if (unknownFile !== undefined)
      return failWithProblems('invalid_blocks', [
        `slack_file ${unknownFile}: no such file, or its upload is not complete`,
      ]);
    const retryAfter = ctx.chatLimiter.take(conversation, ctx.state.now());
    if (retryAfter !== undefined)
      return { ok: false, error: 'ratelimited', status: 429, headers: { 'retry-after': String(retryAfter) } };
    const ts = ctx.state.nextTs();
    const threadTs = stringArg(args, 'thread_ts');
    ctx.state.messages.set(`${conversation}:${ts}`, { channel: conversation, ts, ...content, threadTs, metadata });
    return ok({ channel: conversation, ts, message: messageBody(ts, content, threadTs) });
  },

  'chat.postEphemeral': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel) return fail('channel_not_found');
    if (!stringArg(args, 'user'))
      return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: user'] } });
    const content = readMessage(args, ctx);
    if (isResult(content)) return content;
    return ok({ message_ts: ctx.state.nextTs() });
  },

  'chat.update': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel) return fail('channel_not_found');
    const existing = ctx.state.messages.get(`${channel}:${stringArg(args, 'ts') ?? ''}`);
    if (!existing) return fail('message_not_found');
    const content = readMessage(args, ctx);
    if (isResult(content)) return content;
    existing.text = content.text;
    // Slack keeps the previous blocks when the update leaves them out; `blocks: []` removes them.
    if (args.blocks !== undefined) existing.blocks = content.blocks;
    return ok({
      channel,
      ts: existing.ts,
      text: content.text ?? '',
      message: messageBody(existing.ts, content, existing.threadTs),
    });
  },

  /**
   * The newest messages first, `oldest`/`latest` bounds (exclusive), `limit` (default 100) and a
   * cursor; metadata only with include_all_metadata, as Slack does.
   */
  'conversations.history': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel || /^[UW]/.test(channel)) return fail('channel_not_found');
    const oldest = Number(stringArg(args, 'oldest') ?? '0');
    const latest = Number(stringArg(args, 'latest') ?? 'Infinity');
    const limit = Math.min(1000, Math.max(1, Number(stringArg(args, 'limit') ?? '100')));
    const offset = Number(stringArg(args, 'cursor') ?? '0');
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const all = [...ctx.state.messages.values()]
      .filter((m) => m.channel === channel && Number(m.ts) > oldest && Number(m.ts) < latest)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(offset, offset + limit);
    const hasMore = offset + limit < all.length;
    return ok({
      messages: page.map((m) =>
        m.from
          ? // A person's file share, as Slack lists it: their user id, subtype and the files (no bot fields).
            {
              type: 'message',
              subtype: m.from.subtype,
              text: m.text ?? '',
              ts: m.ts,
              user: m.from.user,
              files: m.from.files,
              upload: true,
            }
          : {
              ...messageBody(m.ts, { text: m.text, blocks: m.blocks }, m.threadTs),
              ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
            },
      ),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? String(offset + limit) : '' },
    });
  },

  'chat.delete': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel) return fail('channel_not_found');
    const ts = stringArg(args, 'ts') ?? '';
    if (!ctx.state.messages.delete(`${channel}:${ts}`)) return fail('message_not_found');
    return ok({ channel, ts });
  },
};
