import type { KnownBlock } from '@slack/types';
import type { Agenda } from 'agenda';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import type { BulkOutcome, BulkResult } from '../../services/domain.js';
import type { PostEnv, PostOutcome } from './post-once.js';

/** An item a run reports without applying it (an @mention that gave no email, a repeat), as its input stores it. */
export const reportedItem = z.object({ email: z.string(), reason: z.string(), slackUserId: z.string().optional() });

/** A page of items to apply: `key` names it across attempts (`<runId>:p0003`), `first` is its first item's index. */
export interface PageOfItems<Item> {
  key: string;
  runId: string;
  first: number;
  items: Item[];
}

/** How far the delivery phase (the DMs after the result) has come, for the result message. */
export interface DeliveryProgress {
  /** Done items that get a message. */
  wanted: number;
  sent: number;
  notSent: number;
  finished: boolean;
}

/** What a kind's message step needs: the run's service context, where to post, and the item's key. */
export interface DeliveryEnv {
  ctx: ServiceContext;
  post: PostEnv;
  /** `<runId>:<item index>`: names the item's message and its audit entry. */
  itemKey: string;
  /**
   * The item's page was under way when a runner stopped: its message may be recorded already, so
   * look first (otherwise skip the read: a fresh page's items have no record).
   */
  mayBeDone: boolean;
}

/**
 * One kind of bulk work: a new kind is one file in src/jobs/ that defines it with defineBulkKind and
 * is listed in src/jobs/bulk-runs.ts. The kit stores its items in pages, runs them in an Agenda job,
 * records and counts each page's outcomes once, shows progress, then the result, then (when the
 * kind has one) the message phase, and resumes all of it after a crash.
 */
export interface BulkKindSpec<Input, Item, Record = never> {
  /** Stored on the run; stable across releases (runs in flight during an upgrade look it up). */
  name: string;
  input: z.ZodType<Input>;
  item: z.ZodType<Item>;
  /** What the progress message says is going on: "Inviting 1,000 people". */
  title(input: Input, total: number): string;
  /**
   * Applies one page, calling services. It may run again for the same page (after a crash, or on a
   * second runner at the same time): the services it calls must recognize their own earlier writes.
   * Returns one outcome per item, in order.
   */
  applyPage(ctx: ServiceContext, input: Input, page: PageOfItems<Item>): Promise<BulkOutcome[]>;
  /**
   * Once every page is applied: forget what only a page applied again would need (seat tokens).
   * Not after each page: a second runner may still be in the middle of a page the first one has
   * finished, and needs its tokens to move nothing twice. Runs again on resume (idempotent).
   */
  afterApply?(ctx: ServiceContext, input: Input, pageKeys: string[]): Promise<void>;
  /**
   * Once the result is shown (before the message phase, when there is one): follow-up work that
   * needs the job runner, such as the per-row result file of an import. Runs again on resume
   * (idempotent).
   */
  afterResult?(env: AfterResultEnv, input: Input): Promise<void>;
  /** The per-item message of each done item (an invitation DM), sent after the result is shown. */
  deliver?: {
    /**
     * Whether a done item gets a message (every done item when left out): an import invites some
     * rows and only updates others, and only its invitees get the invitation DM.
     */
    wants?(input: Input, item: Item): boolean;
    /**
     * Sends one item's message exactly once (see postOnce); `not_sent` says why not. What the kind
     * wants written about a sent message (on the invitation, in the audit log) comes back as
     * `record`, also when the message was sent before a crash, and is written a page at a time.
     */
    send(
      env: DeliveryEnv,
      input: Input,
      item: Item,
      outcome: BulkOutcome,
    ): Promise<{ outcome: PostOutcome; record?: Record }>;
    /** Writes the records of one page's messages (again, after a crash: it must be idempotent). */
    recordPage(ctx: ServiceContext, input: Input, records: Record[]): Promise<void>;
  };
  /** The per-item result, as today's commands show it (with the delivery phase's line when there is one). */
  result(
    input: Input,
    result: BulkResult,
    delivery: DeliveryProgress | undefined,
  ): { text: string; blocks: KnownBlock[] };
  /** What the result is called ("Invitations"): the title of its every-outcome pages. */
  resultTitle(input: Input): string;
  /** Items the run reports without applying them (mentions that gave no email, repeats), in its input. */
  reported?(input: Input): BulkOutcome[];
}

/** What afterResult gets: the run's context, the job runner, and whom the run reports to. */
export interface AfterResultEnv {
  ctx: ServiceContext;
  jobs: Agenda;
  runId: string;
  notifyUserId: string | undefined;
}

/** A kind with its types sealed in, so the runner can hold a list of kinds and bind one to a stored run. */
export interface BulkKind<Input = unknown, Item = unknown, Record = unknown> {
  name: string;
  spec: BulkKindSpec<Input, Item, Record>;
  /** The kind applied to a stored run's input: a refusal in words when the input no longer parses. */
  bind(rawInput: unknown): BoundKind | { problem: string };
}

/** A kind bound to one run's input: what the runner calls. */
export interface BoundKind {
  title(total: number): string;
  applyPage(ctx: ServiceContext, page: PageOfItems<unknown>): Promise<BulkOutcome[]>;
  afterApply(ctx: ServiceContext, pageKeys: string[]): Promise<void>;
  afterResult(env: AfterResultEnv): Promise<void>;
  delivers: boolean;
  /** Whether a done item gets a message. */
  wants(item: unknown): boolean;
  send(env: DeliveryEnv, item: unknown, outcome: BulkOutcome): Promise<{ outcome: PostOutcome; record?: unknown }>;
  recordPage(ctx: ServiceContext, records: unknown[]): Promise<void>;
  result(result: BulkResult, delivery: DeliveryProgress | undefined): { text: string; blocks: KnownBlock[] };
  resultTitle(): string;
  reported(): BulkOutcome[];
}

export function defineBulkKind<Input, Item, Record = never>(
  spec: BulkKindSpec<Input, Item, Record>,
): BulkKind<Input, Item, Record> {
  const items = z.array(spec.item);
  return {
    name: spec.name,
    spec,
    bind: (rawInput) => {
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) return { problem: `the stored request of this ${spec.name} run is not readable` };
      const input = parsed.data;
      return {
        title: (total) => spec.title(input, total),
        applyPage: (ctx, page) => spec.applyPage(ctx, input, { ...page, items: items.parse(page.items) }),
        afterApply: async (ctx, pageKeys) => {
          await spec.afterApply?.(ctx, input, pageKeys);
        },
        afterResult: async (env) => {
          await spec.afterResult?.(env, input);
        },
        delivers: spec.deliver !== undefined,
        wants: (item) => {
          const wants = spec.deliver?.wants;
          return wants === undefined || wants(input, spec.item.parse(item));
        },
        send: async (env, item, outcome) => {
          if (!spec.deliver) return { outcome: { state: 'not_sent', reason: 'no message for this kind of work' } };
          return spec.deliver.send(env, input, spec.item.parse(item), outcome);
        },
        recordPage: async (ctx, records) => {
          // The records are the ones this kind's send returned, in this run.
          if (records.length > 0) await spec.deliver?.recordPage(ctx, input, records as Record[]);
        },
        result: (result, delivery) => spec.result(input, result, delivery),
        resultTitle: () => spec.resultTitle(input),
        reported: () => spec.reported?.(input) ?? [],
      };
    },
  };
}
