/**
 * What Slack sends over a Socket Mode connection, shaped as Slack's Socket Mode guide and
 * @slack/socket-mode (SocketModeClient.onWebSocketMessage) describe them.
 */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** Why Slack asks the app to reconnect: a refresh coming soon, a refresh now, Socket Mode turned off. */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  /** What an HTTP app would get as the request body: the command's fields, the interaction payload, the event_callback. */
  payload: Record<string, unknown>;
  /** Whether the ack may carry a response (a command's message, a view_submission's response_action). */
  accepts_response_payload: boolean;
  /** Events API only: 0 on the first delivery, then the retry number, as X-Slack-Retry-Num over HTTP. */
  retry_attempt?: number;
  retry_reason?: string;
}

const DEBUG_INFO = { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 };

/** The first message on every connection: until it arrives the app treats the link as not yet open. */
export function helloMessage(appId: string, numConnections: number): Record<string, unknown> {
  return { type: 'hello', num_connections: numConnections, debug_info: DEBUG_INFO, connection_info: { app_id: appId } };
}

export function disconnectMessage(reason: DisconnectReason): Record<string, unknown> {
  return { type: 'disconnect', reason, debug_info: { host: DEBUG_INFO.host } };
}

/** Interactions whose ack Slack reads: a modal's response_action, an options list. Clicks are acked empty. */
const RESPONDING_INTERACTIONS = new Set(['view_submission', 'block_suggestion']);

export function envelopeFor(
  type: EnvelopeType,
  payload: Record<string, unknown>,
  envelopeId: string,
  retry?: { attempt: number; reason: string },
): Envelope {
  if (type === 'events_api') {
    return {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: false,
      retry_attempt: retry?.attempt ?? 0,
      retry_reason: retry?.reason ?? '',
    };
  }
  const accepts = type === 'slash_commands' || RESPONDING_INTERACTIONS.has(String(payload.type));
  return { envelope_id: envelopeId, type, payload, accepts_response_payload: accepts };
}
