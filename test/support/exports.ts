import { parse } from 'csv-parse/sync';
import type { FakeSlack, RecordedCall } from './fake-slack/index.js';
import type { SlackDriver } from './slack-driver.js';

/** The export DM's download link: the URL of its "Download the file" button. */
export function downloadLink(dm: RecordedCall): string {
  const blocks = JSON.stringify(dm.args.blocks ?? []);
  const found = /"url":"(https?:\/\/[^"]+\/exports\/[^"]+)"/.exec(blocks);
  if (!found) throw new Error(`no download link in ${blocks}`);
  return found[1]!;
}

/** The same link on the test app's own address (the DM names PUBLIC_URL, https://ub.test). */
export function onApp(link: string, appUrl: string): string {
  return link.replace(/^https:\/\/ub\.test/, appUrl);
}

/**
 * Runs `/ub export <text>` as `userId` and waits for the DM of that export (the n-th export DM
 * to them); returns the command's answer and the DM.
 */
export async function exportThroughSlack(
  slack: SlackDriver,
  fake: FakeSlack,
  userId: string,
  text: string,
): Promise<{ answer: Record<string, unknown>; dm: RecordedCall }> {
  const before = exportDms(fake, userId).length;
  const answer = await slack.answer(userId, `export ${text}`);
  await fake.waitForCall('chat.postMessage', () => exportDms(fake, userId).length > before, 15_000);
  return { answer, dm: exportDms(fake, userId)[before]! };
}

export function exportDms(fake: FakeSlack, userId: string): RecordedCall[] {
  return fake
    .callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === userId && /export of/.test(String(c.args.text)));
}

/** A CSV file's rows (header first), read as a spreadsheet program would: BOM removed. */
export function csvRows(bytes: Buffer): string[][] {
  return parse(bytes, { bom: true, relax_column_count: false }) as string[][];
}

/** The rows as objects by header, for the columns a test looks at. */
export function csvRecords(bytes: Buffer): Array<Record<string, string>> {
  const [header, ...rows] = csvRows(bytes);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])));
}
