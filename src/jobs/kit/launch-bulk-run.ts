import type { KnownBlock } from '@slack/types';
import {
  confirmBulkRun,
  createBulkRun,
  findBulkRun,
  type BulkRun,
} from '../../services/bulk-runs/bulk-run-repository.js';
import type { ServiceContext } from '../../services/context.js';
import { UbError } from '../../services/errors.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { bulkProgressBlocks, bulkStartedBlocks } from '../../views/bulk-run-blocks.js';
import type { BulkKind } from './bulk-kind.js';
import { postOnce, runnerName } from './post-once.js';
import { progressKey } from './progress-message.js';
import { scheduleBulkRun } from './run-bulk-job.js';

/** What a command hands the kit to start a run: the same `requestKey` always means the same run. */
export interface BulkRunRequest<Input, Item> {
  /** What identifies the Slack request across retries and double clicks (see requestKeyOf). */
  requestKey: string;
  input: Input;
  items: Item[];
}

/** A request's identity across Slack's retries and a person's double click or double submit. */
export function requestKeyOf(request: CommandRequest, extra = ''): string {
  return `${request.orgId}:${request.slackUserId}:${request.triggerId ?? request.requestId}${extra ? `:${extra}` : ''}`;
}

/**
 * Starts bulk work from a command or a form: the run and its items are stored, the person is told
 * "Started: 0 of N" (where the request answers) and gets the progress message as a DM, and the job
 * is scheduled. The same request again (a retry, a double submit) answers with the run it started.
 */
export async function launchBulkRun<Input, Item>(
  request: CommandRequest,
  ctx: ServiceContext,
  kind: BulkKind<Input, Item>,
  spec: BulkRunRequest<Input, Item>,
): Promise<void> {
  const { run, created } = await storeRun(request, ctx, kind, spec, 'queued');
  const title = kind.spec.title(spec.input, run.total);
  // A form opened outside a channel answers by DM: the progress DM says as much on its own.
  if (request.source !== 'modal' || request.channelId) await request.reply(startedMessage(run, title, !created));
  await startRun(request, run, title);
}

/** Stores a run that waits for a Confirm (its preview shows the count); the Confirm's value is the run id. */
export async function prepareBulkRun<Input, Item>(
  request: CommandRequest,
  ctx: ServiceContext,
  kind: BulkKind<Input, Item>,
  spec: BulkRunRequest<Input, Item>,
): Promise<BulkRun> {
  return (await storeRun(request, ctx, kind, spec, 'draft')).run;
}

/**
 * The Confirm of a prepared run: starts it once (a second click finds it started) and returns what
 * the preview becomes. Only the person who prepared it may confirm it: it runs with their rights.
 */
export async function confirmBulkRunFromPreview<Input, Item>(
  request: CommandRequest,
  ctx: ServiceContext,
  kind: BulkKind<Input, Item>,
  runId: string,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const prepared = await findBulkRun(ctx.store, runId);
  if (!prepared || prepared.orgId !== ctx.orgId || prepared.kind !== kind.name)
    throw new UbError('not_found', 'This confirmation has expired. Run the command again.');
  if (prepared.actor.slackUserId !== request.slackUserId)
    throw new UbError('not_authorized', 'Only the person who asked for this can confirm it.');
  const confirmed = await confirmBulkRun(ctx.store, ctx.orgId, runId);
  if (!confirmed) throw new UbError('not_found', 'This confirmation has expired. Run the command again.');
  const { run } = confirmed;
  const bound = kind.bind(run.input);
  const title = 'problem' in bound ? kind.name : bound.title(run.total);
  await startRun(request, run, title);
  return startedMessage(run, title, !confirmed.confirmed);
}

/** The run of this request, as the person who asked and with their rights (created now, or found). */
function storeRun<Input, Item>(
  request: CommandRequest,
  ctx: ServiceContext,
  kind: BulkKind<Input, Item>,
  spec: BulkRunRequest<Input, Item>,
  status: 'queued' | 'draft',
) {
  return createBulkRun(ctx.store, {
    orgId: ctx.orgId,
    kind: kind.name,
    requestKey: spec.requestKey,
    actor: ctx.actor,
    source: ctx.source,
    requestId: ctx.requestId,
    // The kind's input is plain JSON by its zod schema, read back through the same schema.
    input: spec.input as Record<string, unknown>,
    items: spec.items,
    status,
    notifyUserId: request.slackUserId,
  });
}

function startedMessage(run: BulkRun, title: string, alreadyStarted: boolean) {
  return bulkStartedBlocks({
    title,
    total: run.total,
    handled: run.counts.done + run.counts.skipped + run.counts.failed,
    alreadyStarted,
    progressInDm: true,
  });
}

/**
 * Posts the progress DM (once: postOnce, so a retried request or the runner finds the same
 * message) and schedules the job. Slack failing here does not stop the run: the runner posts the
 * message itself when it is missing.
 */
async function startRun(request: CommandRequest, run: BulkRun, title: string): Promise<void> {
  if (run.status === 'queued') {
    try {
      await postOnce(
        {
          store: request.deps.store,
          client: request.client,
          orgId: run.orgId,
          runId: run.id,
          runner: runnerName(),
          leaseMs: request.deps.jobLockLifetimeMs,
          log: request.deps.log,
        },
        progressKey(run.id),
        request.slackUserId,
        bulkProgressBlocks({ title, handled: 0, total: run.total }),
      );
    } catch (error) {
      request.deps.log.warn('slack: progress message not posted; the job will post it', {
        requestId: request.requestId,
        error: (error as Error).message,
      });
    }
  }
  if (!['finished', 'stopped'].includes(run.status)) await scheduleBulkRun(request.deps.jobs, run.id);
}
