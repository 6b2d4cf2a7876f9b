import { validateBlocks } from './block-kit-limits.js';
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

const isResult = (value: MessageContent | MethodResult): value is MethodResult => 'ok' in value;

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
    const retryAfter = ctx.chatLimiter.take(channel, ctx.state.now());
    if (retryAfter !== undefined)
      return { ok: false, error: 'ratelimited', status: 429, headers: { 'retry-after': String(retryAfter) } };
    const ts = ctx.state.nextTs();
    const threadTs = stringArg(args, 'thread_ts');
    ctx.state.messages.set(`${channel}:${ts}`, { channel, ts, ...content, threadTs });
    return ok({ channel, ts, message: messageBody(ts, content, threadTs) });
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

  'chat.delete': (args, ctx) => {
    const channel = stringArg(args, 'channel');
    if (!channel) return fail('channel_not_found');
    const ts = stringArg(args, 'ts') ?? '';
    if (!ctx.state.messages.delete(`${channel}:${ts}`)) return fail('message_not_found');
    return ok({ channel, ts });
  },
};
