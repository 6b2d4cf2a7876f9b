import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { buildCommandRequest } from './build-request.js';
import { decodeModalMetadata, FIELD_ERROR_WINDOW_MS, type Modal, type ModalRequest } from '../kit/modal.js';
import { withErrorReply } from '../kit/reply-on-error.js';
import type { HomePublisher } from '../kit/request.js';
import { readViewState } from '../kit/view-state.js';

/**
 * The Bolt listener for one modal's submission. Fields that do not parse go back in the ack
 * (shown under each field, the modal stays open). Valid input starts the handler at once; a
 * business error it reports within FIELD_ERROR_WINDOW_MS that concerns a field (the modal's
 * `errorFields`) also goes back in the ack, so the form keeps what was typed. Otherwise the
 * modal closes and the handler's answer (or error) is posted as usual.
 */
export function modalListener(modal: Modal, deps: AppDeps, home?: HomePublisher) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const parsed = modal.parse(readViewState(view.state.values));
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const metadata = decodeModalMetadata(view.private_metadata);
    const base = buildCommandRequest(
      {
        orgId: body.team?.id ?? body.user.team_id ?? view.team_id,
        slackUserId: body.user.id,
        channelId: metadata.channelId,
        triggerId: body.trigger_id,
        source: 'modal',
        responseUrl: undefined,
      },
      client,
      deps,
      home,
    );
    const request: ModalRequest = { ...base, metadata };
    const work = parsed.run(request);
    const early = await settledWithin(work, FIELD_ERROR_WINDOW_MS);
    if (early.kind === 'failed') {
      const errors = modal.fieldError(early.error);
      if (errors) {
        await ack({ response_action: 'errors', errors });
        deps.log.info('modal: business error shown under a field', { requestId: request.requestId, errors });
        return;
      }
    }
    try {
      await ack();
    } catch (error) {
      // Slack's 3 seconds ran out (Bolt answered for us): the work goes on, and its outcome must still be told and logged.
      deps.log.warn('modal: late ack', { requestId: request.requestId, error: (error as Error).message });
    }
    await withErrorReply(request, () => work);
  };
}

type Settled = { kind: 'done' } | { kind: 'failed'; error: unknown } | { kind: 'running' };

/** How `work` stands after at most `ms`: done, failed (with why), or still running. */
async function settledWithin(work: Promise<void>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'running' }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (): Settled => ({ kind: 'done' }),
        (error: unknown): Settled => ({ kind: 'failed', error }),
      ),
      running,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
