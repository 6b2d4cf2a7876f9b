import type { FakeSlack } from './fake-slack/index.js';
import type { SlackDriver } from './slack-driver.js';

/**
 * What an admin does to import a CSV through the form: share the file, submit the form, wait for
 * the dry run's preview and click its Confirm button. Returns the preview message.
 */
export async function submitAndConfirmImport(
  fake: FakeSlack,
  slack: SlackDriver,
  input: {
    userId: string;
    /** `import` (users) or `import_activity`: the form's callback id and the Confirm button's action id. */
    kind: 'import' | 'import_activity';
    fileName: string;
    csv: string;
    /** How the preview's text begins. */
    previewText: string;
  },
): Promise<ReturnType<FakeSlack['callsTo']>[number]> {
  const fileId = fake.shareFile({ name: input.fileName, bytes: input.csv, user: input.userId });
  const submitted = await slack.viewSubmission({
    userId: input.userId,
    callbackId: `${input.kind}.submit`,
    privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
    values: { file: { file: { type: 'file_input', files: [{ id: fileId, name: input.fileName }] } } },
  });
  if (submitted.ack.status !== 200) throw new Error(`the import form was answered ${submitted.ack.status}`);
  const preview = await fake.waitForCall(
    'chat.postEphemeral',
    (c) => String(c.args.text).startsWith(input.previewText),
    60_000,
  );
  const confirm = (preview.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === `${input.kind}.confirm`);
  if (!confirm) throw new Error(`the preview has no Confirm button: ${JSON.stringify(preview.args.blocks)}`);
  await slack.blockAction({
    userId: input.userId,
    actionId: confirm.action_id,
    value: confirm.value,
    channelId: 'C_GENERAL',
  });
  return preview;
}
