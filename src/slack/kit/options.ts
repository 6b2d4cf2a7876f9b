import type { PlainTextOption } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import type { CommandRequest } from './request.js';

/** What Slack accepts as the answer to an options request (Block Kit limits). */
export const MAX_OPTIONS = 100;
export const MAX_OPTION_TEXT = 75;
export const MAX_OPTION_VALUE = 150;

/**
 * The choices of an `external_select` / `multi_external_select`, loaded as the person types: the
 * element's action_id (or its prefix: one provider serves the pickers of several forms, sent as
 * `<actionId>:<field>`), and what to offer for the text typed so far. Answered in Slack's ack
 * (3 seconds), so `load` must be quick: a search, not a scan.
 */
export interface OptionsSpec {
  actionId: string;
  load(request: CommandRequest, typed: string, ctx: ServiceContext): Promise<PlainTextOption[]>;
}

/** The type-erased form the registry holds in a list. */
export interface Options {
  actionId: string;
  /** The options to show, within Block Kit's limits (an over-long value is left out, never cut). */
  load(request: CommandRequest, typed: string): Promise<PlainTextOption[]>;
}

export function defineOptions(spec: OptionsSpec): Options {
  return {
    actionId: spec.actionId,
    load: async (request, typed) => {
      const options = await spec.load(request, typed, await request.serviceContext());
      return options
        .filter((option) => option.value !== undefined && option.value.length <= MAX_OPTION_VALUE)
        .slice(0, MAX_OPTIONS)
        .map((option) => ({ ...option, text: { ...option.text, text: clip(option.text.text) } }));
    },
  };
}

function clip(text: string): string {
  return text.length <= MAX_OPTION_TEXT ? text : `${text.slice(0, MAX_OPTION_TEXT - 1)}…`;
}
