import type { SlashCommand } from '@slack/bolt';

/**
 * Slack's request payloads as they reach the app, with defaults that look like a real workspace;
 * override what a test cares about: `buildSlashCommand({ text: 'help' })`.
 */
export const TEAM = { id: 'T_TEST', domain: 'test' };
export const API_APP_ID = 'A_TEST';
/** The legacy verification token Slack still sends in every payload (Bolt ignores it in favour of signatures). */
export const VERIFICATION_TOKEN = 'legacy-verification-token';

const PLACEHOLDER_RESPONSE_URL = 'https://hooks.slack.com/commands/T_TEST/0000/placeholder';
const PLACEHOLDER_TRIGGER_ID = '0000.0000.placeholder';

/** The form fields of a slash command (`application/x-www-form-urlencoded`). */
export function buildSlashCommand(overrides: Partial<SlashCommand> = {}): SlashCommand {
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: 'C_GENERAL',
    channel_name: 'general',
    user_id: 'U_ANY',
    user_name: 'someone',
    command: '/ub',
    text: '',
    api_app_id: API_APP_ID,
    is_enterprise_install: 'false',
    response_url: PLACEHOLDER_RESPONSE_URL,
    trigger_id: PLACEHOLDER_TRIGGER_ID,
    ...overrides,
  };
}

export interface BlockActionInput {
  userId: string;
  actionId: string;
  /** A button's value; ignored when selectedOption is given. */
  value?: string;
  blockId?: string;
  /** Makes the action a static_select choice instead of a button click. */
  selectedOption?: { value: string };
  /** The message holding the button; without `view` the click comes from a message. */
  message?: { ts: string; blocks?: unknown[] };
  /** The modal (or Home tab, type 'home') holding the button. */
  view?: { id: string; callback_id?: string; private_metadata?: string; type?: 'modal' | 'home' };
  channelId?: string;
  teamId?: string;
  responseUrl: string;
  triggerId: string;
}

function actionOf(input: BlockActionInput): Record<string, unknown> {
  const common = {
    action_id: input.actionId,
    block_id: input.blockId ?? 'b1',
    action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
  if (input.selectedOption) {
    const { value } = input.selectedOption;
    return {
      type: 'static_select',
      ...common,
      selected_option: { text: { type: 'plain_text', text: value, emoji: true }, value },
    };
  }
  return {
    type: 'button',
    ...common,
    ...(input.value !== undefined ? { value: input.value } : {}),
    text: { type: 'plain_text', text: 'Button', emoji: true },
  };
}

/** The `payload` JSON of a block_actions interaction: a button click or a select choice. */
export function buildBlockActionPayload(overrides: Partial<BlockActionInput> = {}): Record<string, unknown> {
  const input: BlockActionInput = {
    userId: 'U_ANY',
    actionId: 'action',
    responseUrl: PLACEHOLDER_RESPONSE_URL,
    triggerId: PLACEHOLDER_TRIGGER_ID,
    ...overrides,
  };
  const teamId = input.teamId ?? TEAM.id;
  const channelId = input.channelId ?? 'C_GENERAL';
  const where = input.view
    ? {
        // Clicks in a modal or the Home tab carry the view, and no response_url.
        container: { type: 'view', view_id: input.view.id },
        view: viewOutput({
          id: input.view.id,
          teamId,
          type: input.view.type ?? 'modal',
          callbackId: input.view.callback_id ?? '',
          privateMetadata: input.view.private_metadata ?? '',
          values: {},
        }),
      }
    : {
        container: {
          type: 'message',
          message_ts: input.message?.ts ?? '1700000000.000100',
          channel_id: channelId,
          is_ephemeral: false,
        },
        channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'general' },
        message: {
          type: 'message',
          user: 'U_BOT',
          bot_id: 'B_TEST',
          ts: input.message?.ts ?? '1700000000.000100',
          text: '',
          blocks: input.message?.blocks ?? [],
        },
        state: { values: {} },
        response_url: input.responseUrl,
      };
  return {
    type: 'block_actions',
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: teamId },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    team: { id: teamId, domain: TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    actions: [actionOf(input)],
  };
}

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  /** view.state.values: block_id → action_id → the element's value object. */
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
  teamId?: string;
  triggerId: string;
}

function viewOutput(input: {
  id: string;
  teamId: string;
  type: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, unknown>>;
}) {
  return {
    id: input.id,
    team_id: input.teamId,
    type: input.type,
    blocks: [],
    private_metadata: input.privateMetadata,
    callback_id: input.callbackId,
    state: { values: input.values },
    hash: '1700000000.placeholder',
    title: { type: 'plain_text', text: 'ub', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: input.type === 'modal' ? { type: 'plain_text', text: 'Submit', emoji: true } : null,
    previous_view_id: null,
    root_view_id: input.id,
    app_id: API_APP_ID,
    external_id: '',
    app_installed_team_id: input.teamId,
    bot_id: 'B_TEST',
  };
}

/** The `payload` JSON of a modal submission. */
export function buildViewSubmissionPayload(overrides: Partial<ViewSubmissionInput> = {}): Record<string, unknown> {
  const input: ViewSubmissionInput = {
    userId: 'U_ANY',
    callbackId: 'callback',
    values: {},
    triggerId: PLACEHOLDER_TRIGGER_ID,
    ...overrides,
  };
  const teamId = input.teamId ?? TEAM.id;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: TEAM.domain },
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: teamId },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    view: viewOutput({
      id: input.viewId ?? 'V_SUBMITTED',
      teamId,
      type: 'modal',
      callbackId: input.callbackId,
      privateMetadata: input.privateMetadata ?? '',
      values: input.values,
    }),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API delivery (`event_callback`) around one event. */
export function buildEventEnvelope(
  overrides: { event?: Record<string, unknown>; eventId?: string; teamId?: string } = {},
): Record<string, unknown> {
  const teamId = overrides.teamId ?? TEAM.id;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: API_APP_ID,
    event: overrides.event ?? {
      type: 'app_home_opened',
      user: 'U_ANY',
      channel: 'D_ANY',
      tab: 'home',
      event_ts: '1700000000.000100',
    },
    type: 'event_callback',
    event_id: overrides.eventId ?? 'Ev0000000001',
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'U_BOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** A view_submission state value: the option picked in an external_select (a type-ahead picker). */
export function pickedOption(value: string): Record<string, unknown> {
  return { type: 'external_select', selected_option: { text: { type: 'plain_text', text: value }, value } };
}

/** A view_submission state value: the options picked in a multi_external_select. */
export function pickedOptions(values: string[]): Record<string, unknown> {
  return {
    type: 'multi_external_select',
    selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
  };
}

/** A view_submission state value: the boxes ticked in a checkboxes element (none: an empty list). */
export function tickedBoxes(values: string[]): Record<string, unknown> {
  return {
    type: 'checkboxes',
    selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
  };
}

export interface BlockSuggestionInput {
  userId: string;
  /** The external select's action_id and the block it is in. */
  actionId: string;
  blockId: string;
  /** What the person has typed so far. */
  value: string;
  /** The modal the select is in. */
  view?: { id: string; callback_id?: string; private_metadata?: string };
  teamId?: string;
}

/** The `payload` JSON of a block_suggestion: an external select asking for options as someone types. */
export function buildBlockSuggestionPayload(input: BlockSuggestionInput): Record<string, unknown> {
  const teamId = input.teamId ?? TEAM.id;
  const view = input.view ?? { id: 'V_FORM' };
  return {
    type: 'block_suggestion',
    user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: teamId },
    container: { type: 'view', view_id: view.id },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: teamId, domain: TEAM.domain },
    enterprise: null,
    is_enterprise_install: false,
    view: viewOutput({
      id: view.id,
      teamId,
      type: 'modal',
      callbackId: view.callback_id ?? '',
      privateMetadata: view.private_metadata ?? '',
      values: {},
    }),
  };
}
