import type { z } from 'zod';
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
  handle(request: ActionRequest, input: Input): Promise<void>;
}

export interface ActionRequest extends CommandRequest {
  /** The message the button is in, when it is in a message (not a modal). */
  message: { ts: string; channelId: string | undefined } | undefined;
}

/** A modal's submission: its callback_id, how its fields parse (with errors per block), what it does. */
export interface ModalSpec<Input> {
  callbackId: string;
  /** Over the view's fields by block_id (see readViewState); issue paths name the block to show errors under. */
  fields: z.ZodType<Input>;
  /** Runs after Slack's ack: the modal has closed; answer with request.reply (ephemeral, or a DM). */
  handle(request: CommandRequest, input: Input, metadata: ModalMetadata): Promise<void>;
}

/** What a modal carries from the command that opened it, in private_metadata (3,000 characters). */
export interface ModalMetadata {
  channelId: string | undefined;
  /** Anything else the modal needs back on submit (a group id, a page cursor). */
  extra: Record<string, string>;
}

/** Type-erased forms the registry can hold in a list. */
export interface Action {
  actionId: string;
  run(request: ActionRequest, rawValue: string | undefined): Promise<void> | 'invalid';
}

export interface Modal {
  callbackId: string;
  parse(
    fields: Record<string, unknown>,
  ): { ok: true; run: (request: CommandRequest, metadata: ModalMetadata) => Promise<void> } | { ok: false; errors: Record<string, string> };
}

export function defineAction<Input>(spec: ActionSpec<Input>): Action {
  return {
    actionId: spec.actionId,
    run: (request, rawValue) => {
      const decoded = decodeActionValue(rawValue);
      const parsed = spec.value.safeParse(decoded);
      if (!parsed.success) return 'invalid';
      return spec.handle(request, parsed.data);
    },
  };
}

export function defineModal<Input>(spec: ModalSpec<Input>): Modal {
  return {
    callbackId: spec.callbackId,
    parse: (fields) => {
      const parsed = spec.fields.safeParse(fields);
      if (parsed.success) return { ok: true, run: (request, metadata) => spec.handle(request, parsed.data, metadata) };
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const blockId = typeof issue.path[0] === 'string' ? issue.path[0] : Object.keys(fields)[0] ?? 'unknown';
        errors[blockId] ??= issue.message.slice(0, 150);
      }
      return { ok: false, errors };
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

export function encodeModalMetadata(metadata: ModalMetadata): string {
  return JSON.stringify({ c: metadata.channelId, x: metadata.extra });
}

export function decodeModalMetadata(raw: string | undefined): ModalMetadata {
  try {
    const parsed = JSON.parse(raw || '{}') as { c?: unknown; x?: unknown };
    const extra: Record<string, string> = {};
    if (parsed.x && typeof parsed.x === 'object') {
      for (const [key, value] of Object.entries(parsed.x)) if (typeof value === 'string') extra[key] = value;
    }
    return { channelId: typeof parsed.c === 'string' ? parsed.c : undefined, extra };
  } catch {
    return { channelId: undefined, extra: {} };
  }
}
