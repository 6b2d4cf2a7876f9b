export { FakeSlack } from './server.js';
export { validateBlocks, validateView } from './block-kit-limits.js';
export { BOT_USER_ID, TEAM_ID } from './methods.js';
export type { FakeSlackUser, RecordedCall, UploadedFile } from './state.js';
