import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { UbError } from '../services/errors.js';

/**
 * The bytes of a file someone shared with ub (a form's file input, a file in a DM), downloaded
 * with the bot token (files:read). Slack answers an unauthenticated download with a sign-in page,
 * so an HTML answer is a failure, not a file. Files over `maxBytes` are refused before and while
 * downloading.
 */
export async function downloadSharedFile(
  client: WebClient,
  fileId: string,
  maxBytes: number,
): Promise<{ name: string; bytes: Buffer }> {
  const info = await client.files.info({ file: fileId });
  const file = info.file;
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) throw new UbError('not_found', 'Slack did not give ub that file. Share it again.');
  const name = file.name ?? 'the file';
  const tooBig = () =>
    new UbError(
      'invalid_input',
      `${name} is over ${Math.round(maxBytes / 1048576)} MB: imports take up to that. Split it.`,
    );
  if ((file.size ?? 0) > maxBytes) throw tooBig();
  const response = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
  if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('text/html') || !response.body)
    throw new UbError('slack_unavailable', `ub could not download ${name} from Slack. Share it again in a minute.`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body) {
    length += chunk.length;
    if (length > maxBytes) throw tooBig();
    chunks.push(Buffer.from(chunk));
  }
  return { name, bytes: Buffer.concat(chunks) };
}

/** A DM's id: `D…` (an app's DM with a person). */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith('D');
}

/** The parts of conversations.history ub reads to find a shared file: who posted, and the files' kind. */
const historySchema = z.object({
  messages: z
    .array(
      z.object({
        user: z.string().optional(),
        files: z
          .array(
            z.object({
              id: z.string(),
              name: z.string().optional(),
              filetype: z.string().optional(),
              mimetype: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
});

const CSV_FILETYPES = new Set(['csv', 'tsv', 'text']);

/**
 * The CSV a person shared most recently in their DM with ub, since `sinceSeconds` (Unix time): a
 * slash command carries no file, so `/ub import users` typed in the DM reads the DM's recent
 * history (im:history) for the person's own file share (decision 040). Undefined when there is none.
 */
export async function latestCsvSharedInDm(
  client: WebClient,
  where: { channelId: string; userId: string; sinceSeconds: number },
): Promise<string | undefined> {
  const answer = historySchema.safeParse(
    await client.conversations.history({ channel: where.channelId, oldest: String(where.sinceSeconds), limit: 50 }),
  );
  if (!answer.success) return undefined;
  for (const message of answer.data.messages) {
    if (message.user !== where.userId) continue;
    const csv = (message.files ?? []).find(
      (f) =>
        CSV_FILETYPES.has(f.filetype ?? '') ||
        /\.(csv|tsv|txt)$/i.test(f.name ?? '') ||
        (f.mimetype ?? '').startsWith('text/'),
    );
    if (csv) return csv.id;
  }
  return undefined;
}
