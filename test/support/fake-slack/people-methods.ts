import { fail, ok, stringArg, TEAM_ID, type MethodHandler } from './results.js';
import type { FakeSlackUser } from './state.js';

/** users.info's `user` object, trimmed to what ub reads (email needs users:read.email, which ub has). */
function userObject(user: FakeSlackUser): Record<string, unknown> {
  const name = user.name ?? user.id.toLowerCase();
  return {
    id: user.id,
    team_id: user.teamId ?? TEAM_ID,
    name,
    real_name: user.realName,
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    tz: user.tz ?? 'Europe/London',
    profile: {
      email: user.email,
      real_name: user.realName,
      display_name: user.name ?? '',
      team: user.teamId ?? TEAM_ID,
    },
  };
}

export const peopleMethods: Record<string, MethodHandler> = {
  'users.info': (args, { state }) => {
    const id = stringArg(args, 'user');
    const user = id ? state.users.get(id) : undefined;
    if (!user) return fail('user_not_found');
    return ok({ user: userObject(user) });
  },

  'users.lookupByEmail': (args, { state }) => {
    const email = stringArg(args, 'email')?.toLowerCase();
    if (!email)
      return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: email'] } });
    const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
    if (!user) return fail('users_not_found');
    return ok({ user: userObject(user) });
  },

  'conversations.open': (args, { state }) => {
    const users = (stringArg(args, 'users') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const channel = stringArg(args, 'channel');
    if (users.length === 0 && channel) return ok({ channel: { id: channel }, no_op: true, already_open: true });
    if (users.length === 0) return fail('users_list_not_supplied');
    for (const id of users) {
      const user = state.users.get(id);
      if (!user) return fail('user_not_found');
      if (user.deleted) return fail('user_disabled');
    }
    // The same people always get the same channel id, as in Slack.
    return ok({ channel: { id: `D${users.join('')}` }, no_op: false, already_open: false });
  },
};
