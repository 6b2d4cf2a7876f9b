import type { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { UbError, type UbErrorCode } from '../../services/errors.js';
import { plainText, truncate } from '../../views/mrkdwn.js';
import type { CommandRequest } from './request.js';

/** A modal's submission: its callback_id, how its fields parse (with errors per block), what it does. */
export interface ModalSpec<Input> {
  callbackId: string;
  /** Over the view's fields by block_id (see readViewState); issue paths name the block to show errors under. */
  fields: z.ZodType<Input>;
  /**
   * Does the work and answers with request.reply (ephemeral, or a DM). The kit starts it before
   * answering Slack: when it fails within FIELD_ERROR_WINDOW_MS with an error named in
   * `errorFields`, the form stays open with that error under the field and what was typed kept;
   * otherwise the form closes and the work goes on.
   */
  handle(request: ModalRequest, input: Input, ctx: ServiceContext): Promise<void>;
  /**
   * Business errors of `handle` that concern one field, by error code: the block_id to show the
   * message under (e.g. `{ already_exists: 'name' }` for a group name that is taken).
   */
  errorFields?: Partial<Record<UbErrorCode, string>>;
}

/**
 * How long a submission waits for its handler before closing the form (Slack wants the answer
 * within 3 seconds, network included). Checks that decide a field error (a name taken, a group
 * unknown) are `_id` reads and come back well within it.
 */
export const FIELD_ERROR_WINDOW_MS = 2000;

/**
 * What a modal carries from the request that opened it, in private_metadata (3,000 characters).
 * The kit writes it when a handler calls request.openModal(view, extra), and reads it back on submit.
 */
export interface ModalMetadata {
  channelId: string | undefined;
  /** Anything else the modal needs back on submit (a group id, a page cursor). */
  extra: Record<string, string>;
}

export interface ModalRequest extends CommandRequest {
  /** What request.openModal(view, extra) stored with the modal. */
  metadata: ModalMetadata;
}

/** The type-erased form the registry holds in a list. */
export interface Modal {
  callbackId: string;
  parse(
    fields: Record<string, unknown>,
  ): { ok: true; run: (request: ModalRequest) => Promise<void> } | { ok: false; errors: Record<string, string> };
  /** The field a failure of `run` belongs under, with its message as plain text; undefined when none does. */
  fieldError(error: unknown): Record<string, string> | undefined;
}

export function defineModal<Input>(spec: ModalSpec<Input>): Modal {
  return {
    callbackId: spec.callbackId,
    parse: (fields) => {
      const parsed = spec.fields.safeParse(fields);
      if (parsed.success)
        return { ok: true, run: async (request) => spec.handle(request, parsed.data, await request.serviceContext()) };
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const blockId = typeof issue.path[0] === 'string' ? issue.path[0] : (Object.keys(fields)[0] ?? 'unknown');
        errors[blockId] ??= fieldMessage(issue.message);
      }
      return { ok: false, errors };
    },
    fieldError: (error) => {
      if (!(error instanceof UbError)) return undefined;
      const blockId = spec.errorFields?.[error.code];
      return blockId ? { [blockId]: fieldMessage(plainText(error.message)) } : undefined;
    },
  };
}

/** Field errors are short plain text under the field. */
function fieldMessage(message: string): string {
  return truncate(message, 150);
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
