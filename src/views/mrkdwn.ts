/**
 * The one escaping function for text that came from people (names, group names, emails,
 * messages, search text, error messages quoting them) before it goes into mrkdwn, a message's
 * `text` included. Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<@U123>`,
 * `<https://…|click>`); escaped, they show as typed, and what Slack sent escaped (`&lt;`) shows
 * as typed too instead of turning back into a control sequence. A bare `@channel`, `@here` or
 * `@everyone` gets an invisible word joiner after the `@`, so that no automatic parsing of
 * mentions can take it for one. `*`, `_`, `~` and backticks have no escape in mrkdwn: they can
 * restyle the text they are in, never ping, mention or link.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(^|[^\w])@(here|channel|everyone)\b/gi, '$1@\u2060$2');
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
 * As many whole lines as fit in `max` characters, then a count of the rest: for a list whose lines
 * end in a token that must stay whole (a date, a mention), where cutting the text would break it.
 */
export function linesWithin(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const more = `_…and ${lines.length - kept.length} more_`;
    if (length + line.length + 1 + more.length + 1 > max) return [...kept, more].join('\n');
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
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
