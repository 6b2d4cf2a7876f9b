export { FakeSlack, type FakeSlackOptions } from './server.js';
export { validateBlocks, validateView, type Surface } from './block-kit-limits.js';
export { APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID } from './results.js';
export { GOOD_OAUTH_CODE, INSTALLED_BOT_TOKEN } from './auth-methods.js';
export { TEXT_LIMIT } from './chat-methods.js';
export { RESPONSE_URL_MAX_POSTS, RESPONSE_URL_TTL_MS } from './response-urls.js';
export { TRIGGER_TTL_MS } from './view-methods.js';
export type { FakeSlackUser, PostedMessage, RecordedCall, UploadedFile } from './state.js';
export { fakeSlackClient, quietLogger, slackError, type SlackErrorData } from './web-client.js';
