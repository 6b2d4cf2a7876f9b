import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { buildCommandRequest } from './build-request.js';
import { decodeModalMetadata, type Modal, type ModalRequest } from '../kit/modal.js';
import { withErrorReply } from '../kit/reply-on-error.js';
import { readViewState } from '../kit/view-state.js';

/**
 * The Bolt listener for one modal's submission: field errors go back in the ack (shown under
 * each field, the modal stays open); valid input closes the modal and runs after the ack.
 */
export function modalListener(modal: Modal, deps: AppDeps) {
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
    await ack();
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
    );
    const request: ModalRequest = { ...base, metadata };
    await withErrorReply(request, () => parsed.run(request));
  };
}
