import { APP_ID, ok, type MethodHandler } from './results.js';

/** The fake Socket Mode link's path on the fake's own server (see fake-socket-mode/link.ts). */
export const SOCKET_MODE_PATH = '/link/';

/** Methods that take the app-level token (xapp-…) only; every other method refuses it (methods.ts). */
export const APP_LEVEL_METHODS = new Set(['apps.connections.open']);

export const socketModeMethods: Record<string, MethodHandler> = {
  // Each call hands out a new URL whose ticket opens one connection, as Slack's do.
  'apps.connections.open': (_args, { state, baseUrl }) => {
    const ticket = state.nextId('ticket-');
    state.socketTickets.add(ticket);
    return ok({ url: `${baseUrl.replace(/^http/, 'ws')}${SOCKET_MODE_PATH}?ticket=${ticket}&app_id=${APP_ID}` });
  },
};
