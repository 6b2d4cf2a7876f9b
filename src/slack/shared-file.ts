import type { WebClient } from '@slack/web-api';
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
