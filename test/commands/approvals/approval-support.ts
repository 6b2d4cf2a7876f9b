import type { TestApp } from '../../support/app-harness.js';
import type { PostedMessage } from '../../support/fake-slack/index.js';
import { findButton } from '../../support/posted-blocks.js';

/** Helpers for the approvals tests: what a person does (ask with a reason, click a card) through the driver. */

/** The view a `views.open` call carried, parsed. */
export function openedView(call: { args: Record<string, unknown> }): Record<string, unknown> {
  const view = call.args.view;
  return (typeof view === 'string' ? JSON.parse(view) : view) as Record<string, unknown>;
}

/** Submits the request form that `triggerId` opened, with a reason. */
export async function submitRequestForm(t: TestApp, userId: string, triggerId: string, reason: string) {
  const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
  const view = openedView(open);
  return t.slack.viewSubmission({
    userId,
    callbackId: 'approvals.request_form',
    privateMetadata: String(view.private_metadata),
    values: { reason: { reason: { type: 'plain_text_input', value: reason } } },
  });
}

/** The request card in a user's DM (the newest), once it is there. */
export async function cardIn(t: TestApp, userId: string, code?: string): Promise<PostedMessage> {
  const marker = code ? `Request ${code}` : 'approvals.approve';
  await t.fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === userId && JSON.stringify(c.args).includes(marker),
  );
  const found = t.fake
    .messagesIn(userId)
    .filter((m) => (JSON.stringify(m.blocks) ?? '').includes(code ? `Request ${code}` : 'Request '))
    .at(-1);
  if (!found) throw new Error(`no request card in the DM of ${userId}`);
  // A copy, as the approver's screen holds it: the fake updates its own record in place.
  return structuredClone(found);
}

/** The code of the request a card shows ("Request K7Q2MX"). */
export function codeOf(card: PostedMessage): string {
  const match = /Request ([A-Z2-9]{6})/.exec(JSON.stringify(card.blocks));
  if (!match) throw new Error('no request code on the card');
  return match[1]!;
}

/** Clicks Approve (or Deny) on a card, as the person whose DM it is in. */
export function clickOnCard(t: TestApp, userId: string, card: PostedMessage, which: 'approve' | 'deny') {
  const button = findButton(card.blocks, `approvals.${which}`);
  if (!button) throw new Error(`no ${which} button on the card`);
  return t.slack.blockAction({
    userId,
    actionId: button.action_id,
    value: button.value,
    message: { ts: card.ts },
    channelId: card.channel,
  });
}

/** Submits the Deny form opened by `triggerId`, with the denier's reason. */
export async function submitDenyForm(t: TestApp, userId: string, triggerId: string, note: string) {
  const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
  return t.slack.viewSubmission({
    userId,
    callbackId: 'approvals.deny_reason',
    privateMetadata: String(openedView(open).private_metadata),
    values: { note: { note: { type: 'plain_text_input', value: note } } },
  });
}
