/** Slack's request payloads, with defaults that look like a real workspace; override what a test cares about. */
export const TEAM = { id: 'T_TEST', domain: 'test' };

export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  user_name: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  api_app_id: string;
  response_url: string;
  trigger_id: string;
}

export function buildSlashCommand(overrides: Partial<SlashCommandFields> & Pick<SlashCommandFields, 'response_url' | 'trigger_id'>): SlashCommandFields {
  return {
    command: '/ub',
    text: '',
    user_id: 'U_ANY',
    user_name: 'someone',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: 'C_GENERAL',
    channel_name: 'general',
    api_app_id: 'A_TEST',
    ...overrides,
  };
}

export interface BlockActionInput {
  userId: string;
  actionId: string;
  value?: string;
  blockId?: string;
  selectedOption?: { value: string };
  message?: { ts: string; blocks?: unknown[] };
  view?: { id: string; callback_id?: string; private_metadata?: string };
  channelId?: string;
  teamId?: string;
  responseUrl: string;
  triggerId: string;
}

export function buildBlockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const action = input.selectedOption
    ? { type: 'static_select', action_id: input.actionId, block_id: input.blockId ?? 'b1', selected_option: { text: { type: 'plain_text', text: input.selectedOption.value }, value: input.selectedOption.value }, action_ts: '1.1' }
    : { type: 'button', action_id: input.actionId, block_id: input.blockId ?? 'b1', value: input.value, text: { type: 'plain_text', text: 'Button' }, action_ts: '1.1' };
  const teamId = input.teamId ?? TEAM.id;
  return {
    type: 'block_actions',
    team: { id: teamId, domain: TEAM.domain },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A_TEST',
    token: 'legacy',
    trigger_id: input.triggerId,
    actions: [action],
    ...(input.view
      ? { container: { type: 'view', view_id: input.view.id }, view: { id: input.view.id, type: 'modal', callback_id: input.view.callback_id ?? '', private_metadata: input.view.private_metadata ?? '', team_id: teamId, state: { values: {} }, blocks: [] } }
      : {
          container: { type: 'message', message_ts: input.message?.ts ?? '1.000001', channel_id: input.channelId ?? 'C_GENERAL', is_ephemeral: true },
          channel: { id: input.channelId ?? 'C_GENERAL', name: 'general' },
          message: { type: 'message', ts: input.message?.ts ?? '1.000001', text: '', blocks: input.message?.blocks ?? [] },
          response_url: input.responseUrl,
        }),
  };
}

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
  teamId?: string;
  triggerId: string;
}

export function buildViewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? TEAM.id;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: TEAM.domain },
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A_TEST',
    token: 'legacy',
    trigger_id: input.triggerId,
    view: {
      id: input.viewId ?? 'V_SUBMITTED',
      team_id: teamId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      state: { values: input.values },
      blocks: [],
      title: { type: 'plain_text', text: 'ub' },
      hash: '1.abc',
      app_id: 'A_TEST',
      bot_id: 'B_TEST',
    },
    response_urls: [],
  };
}

export function buildEventEnvelope(input: { event: Record<string, unknown>; eventId: string; teamId?: string }): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: input.teamId ?? TEAM.id,
    api_app_id: 'A_TEST',
    type: 'event_callback',
    event_id: input.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: input.event,
    authorizations: [{ team_id: input.teamId ?? TEAM.id, user_id: 'U_BOT', is_bot: true }],
  };
}
