import { validateBlocks, validateView } from './block-kit-limits.js';
import type { FakeSlackState, SlackError } from './state.js';

type Args = Record<string, unknown>;
export type MethodResult = { ok: true; body: Record<string, unknown> } | ({ ok: false } & SlackError);

export const TEAM_ID = 'T_TEST';
export const BOT_USER_ID = 'U_BOT';

/** chat.postMessage: a short burst per channel, then about one a second (Slack's documented limit). */
const BURST = 30;
const WINDOW_MS = 1000;

const fail = (error: string, extra?: Record<string, unknown>, status?: number): MethodResult => ({
  ok: false,
  error,
  ...(extra ? { extra } : {}),
  ...(status ? { status } : {}),
});
const ok = (body: Record<string, unknown> = {}): MethodResult => ({ ok: true, body });

function parseJsonField(args: Args, name: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return Symbol.for('invalid-json');
  }
}

function checkMessage(args: Args): MethodResult | undefined {
  const blocks = parseJsonField(args, 'blocks');
  if (blocks === Symbol.for('invalid-json')) return fail('invalid_blocks_format');
  const text = typeof args.text === 'string' ? args.text : undefined;
  if (!text && blocks === undefined && args.attachments === undefined) return fail('no_text');
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length > 0) return fail('invalid_blocks', { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
  }
  return undefined;
}

function channelArg(args: Args): string | undefined {
  return typeof args.channel === 'string' && args.channel !== '' ? args.channel : undefined;
}

/** The Web API methods ub uses, answering the way Slack does (shapes trimmed to what matters). */
export function callMethod(state: FakeSlackState, method: string, args: Args, baseUrl: string): MethodResult {
  switch (method) {
    case 'auth.test':
      return ok({ url: 'https://test.slack.com/', team: 'Test Team', user: 'ub', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: 'B_TEST', is_enterprise_install: false });
    case 'chat.postMessage': {
      const channel = channelArg(args);
      if (!channel) return fail('channel_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      if (rateLimited(state, channel)) return { ok: false, error: 'ratelimited', status: 429, headers: { 'retry-after': '1' } };
      const ts = state.nextTs();
      const blocks = parseJsonField(args, 'blocks') as unknown[] | undefined;
      state.messages.set(`${channel}:${ts}`, { channel, ts, text: args.text as string | undefined, blocks, threadTs: args.thread_ts as string | undefined });
      return ok({ channel, ts, message: { text: args.text, blocks, ts } });
    }
    case 'chat.postEphemeral': {
      const channel = channelArg(args);
      if (!channel) return fail('channel_not_found');
      if (typeof args.user !== 'string' || !args.user) return fail('user_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      return ok({ message_ts: state.nextTs() });
    }
    case 'chat.update': {
      const channel = channelArg(args);
      if (!channel) return fail('channel_not_found');
      const existing = state.messages.get(`${channel}:${String(args.ts)}`);
      if (!existing) return fail('message_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      existing.text = args.text as string | undefined;
      existing.blocks = parseJsonField(args, 'blocks') as unknown[] | undefined;
      return ok({ channel, ts: existing.ts, text: existing.text });
    }
    case 'chat.delete': {
      const channel = channelArg(args);
      if (!channel) return fail('channel_not_found');
      if (!state.messages.delete(`${channel}:${String(args.ts)}`)) return fail('message_not_found');
      return ok({ channel, ts: args.ts });
    }
    case 'conversations.open': {
      const users = typeof args.users === 'string' ? args.users.split(',').filter(Boolean) : [];
      if (users.length === 0) return fail('users_list_not_supplied');
      const unknown = users.find((u) => !state.users.has(u));
      if (unknown) return fail('user_not_found');
      return ok({ channel: { id: `D${users.join('')}` } });
    }
    case 'users.info': {
      const user = typeof args.user === 'string' ? state.users.get(args.user) : undefined;
      if (!user) return fail('user_not_found');
      return ok({ user: userObject(user) });
    }
    case 'users.lookupByEmail': {
      const email = typeof args.email === 'string' ? args.email.toLowerCase() : '';
      const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
      if (!user) return fail('users_not_found');
      return ok({ user: userObject(user) });
    }
    case 'views.open':
    case 'views.push': {
      const trigger = typeof args.trigger_id === 'string' ? state.triggerIds.get(args.trigger_id) : undefined;
      if (!trigger) return fail('invalid_trigger_id');
      if (trigger.used || Date.now() - trigger.issuedAt > 3000) return fail('expired_trigger_id');
      const view = parseJsonField(args, 'view');
      const problems = validateView(view);
      if (problems.length > 0) return fail('invalid_arguments', { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
      trigger.used = true;
      return ok({ view: storeView(state, view as Args) });
    }
    case 'views.update': {
      const id = typeof args.view_id === 'string' ? args.view_id : undefined;
      const externalId = typeof args.external_id === 'string' ? args.external_id : undefined;
      const existingId = id ?? [...state.views.entries()].find(([, v]) => v.externalId === externalId)?.[0];
      if (!existingId || !state.views.has(existingId)) return fail('not_found');
      const view = parseJsonField(args, 'view');
      const problems = validateView(view);
      if (problems.length > 0) return fail('invalid_arguments', { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
      state.views.set(existingId, { view: view as Args, ...(externalId ? { externalId } : {}) });
      return ok({ view: { id: existingId, ...(view as Args) } });
    }
    case 'views.publish': {
      if (typeof args.user_id !== 'string' || !args.user_id) return fail('invalid_arguments');
      const view = parseJsonField(args, 'view');
      const problems = validateView(view);
      if (problems.length > 0) return fail('invalid_arguments', { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
      if ((view as Args).type !== 'home') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] views.publish takes a home view'] } });
      return ok({ view: storeView(state, view as Args) });
    }
    case 'files.getUploadURLExternal': {
      const filename = typeof args.filename === 'string' ? args.filename : '';
      const length = Number(args.length);
      if (!filename || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
      const fileId = state.nextId('F');
      state.files.set(fileId, { fileId, filename, length, bytes: undefined, completed: false });
      return ok({ upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId });
    }
    case 'files.completeUploadExternal': {
      const files = parseJsonField(args, 'files');
      if (!Array.isArray(files) || files.length === 0) return fail('invalid_arguments');
      for (const entry of files as Array<{ id?: string; title?: string }>) {
        const file = entry.id ? state.files.get(entry.id) : undefined;
        if (!file) return fail('file_not_found');
        if (!file.bytes) return fail('file_upload_not_complete');
      }
      const done = (files as Array<{ id: string; title?: string }>).map((entry) => {
        const file = state.files.get(entry.id)!;
        file.completed = true;
        if (typeof args.channel_id === 'string') file.channelId = args.channel_id;
        if (typeof args.initial_comment === 'string') file.initialComment = args.initial_comment;
        if (entry.title) file.title = entry.title;
        return { id: file.fileId, name: file.filename, title: entry.title ?? file.filename };
      });
      return ok({ files: done });
    }
    case 'files.upload':
      return fail('method_deprecated');
    case 'oauth.v2.access':
      if (args.code !== 'good-code') return fail('invalid_code');
      return ok({
        app_id: 'A_TEST',
        authed_user: { id: 'U_INSTALLER' },
        scope: 'commands,chat:write',
        token_type: 'bot',
        access_token: 'xoxb-installed',
        bot_user_id: BOT_USER_ID,
        team: { id: TEAM_ID, name: 'Test Team' },
        enterprise: null,
        is_enterprise_install: false,
      });
    default:
      return fail('unknown_method');
  }
}

function rateLimited(state: FakeSlackState, channel: string): boolean {
  const now = Date.now();
  const times = (state.postTimes.get(channel) ?? []).filter((t) => now - t < BURST * WINDOW_MS);
  const recent = times.filter((t) => now - t < WINDOW_MS).length;
  if (times.length >= BURST && recent >= 1) {
    state.postTimes.set(channel, times);
    return true;
  }
  times.push(now);
  state.postTimes.set(channel, times);
  return false;
}

function storeView(state: FakeSlackState, view: Args): Args {
  const id = state.nextId('V');
  state.views.set(id, { view, ...(typeof view.external_id === 'string' ? { externalId: view.external_id } : {}) });
  return { id, ...view };
}

function userObject(user: { id: string; teamId?: string; email?: string; realName?: string; name?: string; tz?: string; deleted?: boolean; isBot?: boolean }) {
  return {
    id: user.id,
    team_id: user.teamId ?? TEAM_ID,
    name: user.name ?? user.id.toLowerCase(),
    real_name: user.realName,
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    tz: user.tz ?? 'Europe/London',
    profile: { email: user.email, real_name: user.realName, display_name: user.name ?? '' },
  };
}
