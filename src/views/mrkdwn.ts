/** Escapes text that came from people (names, group names) before it goes into mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A message written for mrkdwn, for a plain-text place (a form's field error): code spans and
 * bold lose their marks, so nobody reads literal backticks.
 */
export function plainText(mrkdwn: string): string {
  return mrkdwn.replace(/`([^`]*)`/g, '$1').replace(/\*([^*\n]+)\*/g, '$1');
}

/** Cuts text to Slack's limit for a field, saying that it did. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Packs lines into as few strings of at most `max` characters as possible, for section texts
 * (3,000 characters each), without cutting a line in two.
 */
export function packLines(lines: string[], max = 2900): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
