import { APP_ID, BOT_ID, BOT_USER_ID, fail, ok, stringArg, TEAM_ID, type MethodHandler } from './results.js';

/** The one OAuth code the fake exchanges; any other is `invalid_code`. */
export const GOOD_OAUTH_CODE = 'good-code';
export const INSTALLED_BOT_TOKEN = 'xoxb-installed';

export const SCOPES = 'commands,chat:write,im:write,users:read,users:read.email,files:write';

export const authMethods: Record<string, MethodHandler> = {
  'auth.test': () =>
    ok({
      url: 'https://test.slack.com/',
      team: 'Test Team',
      user: 'ub',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),

  // Called with the app's client credentials, not a token (see methods.ts).
  'oauth.v2.access': (args, { state }) => {
    if (!stringArg(args, 'client_id')) return fail('invalid_client_id');
    if (!stringArg(args, 'client_secret')) return fail('bad_client_secret');
    if (stringArg(args, 'code') !== GOOD_OAUTH_CODE) return fail('invalid_code');
    // From now on the installed token works like the bot token (InstallProvider calls auth.test with it).
    state.installedTokens.add(INSTALLED_BOT_TOKEN);
    return ok({
      app_id: APP_ID,
      authed_user: { id: 'U_INSTALLER' },
      scope: SCOPES,
      token_type: 'bot',
      access_token: INSTALLED_BOT_TOKEN,
      bot_user_id: BOT_USER_ID,
      team: { id: TEAM_ID, name: 'Test Team' },
      enterprise: null,
      is_enterprise_install: false,
    });
  },
};
