import type { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import type { CommandRequest } from './request.js';

/** A button (or other block action), defined once: its id, how its value parses, what it does. */
export interface ActionSpec<Input> {
  /**
   * The action_id, or its prefix: buttons repeated in one message (Resend on every row) need
   * unique action_ids, so they are sent as `<actionId>:<n>` and matched by prefix.
   */
  actionId: string;
  /** Parses the button's `value` (JSON text, at most 2,000 characters; see encodeActionValue). */
  value: z.ZodType<Input>;
  /** Runs after Slack's ack, with the service context of the clicker. */
  handle(request: ActionRequest, input: Input, ctx: ServiceContext): Promise<void>;
}

export interface ActionRequest extends CommandRequest {
  /** The message the button is in, when it is in a message (not a modal). */
  message: { ts: string; channelId: string | undefined } | undefined;
  /** True when the button is on the App Home tab. */
  fromHome: boolean;
}

/** The type-erased form the registry holds in a list. */
export interface Action {
  actionId: string;
  run(request: ActionRequest, rawValue: string | undefined): Promise<void> | 'invalid';
}

export function defineAction<Input>(spec: ActionSpec<Input>): Action {
  return {
    actionId: spec.actionId,
    run: (request, rawValue) => {
      const parsed = spec.value.safeParse(decodeActionValue(rawValue));
      if (!parsed.success) return 'invalid';
      return request.serviceContext().then((ctx) => spec.handle(request, parsed.data, ctx));
    },
  };
}

/** Button values are compact JSON, so one button carries a small typed payload (≤ 2,000 characters). */
export function encodeActionValue(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  if (text.length > 2000) throw new Error(`button value is ${text.length} characters; Slack allows 2,000`);
  return text;
}

function decodeActionValue(raw: string | undefined): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
