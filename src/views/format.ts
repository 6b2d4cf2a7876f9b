/** How dates and lists read in any message. */

/**
 * A date Slack shows in the reader's own time zone, with a plain fallback. `datetime` reads
 * "Today at 10:04" or "Nov 25, 2026 at 10:04" (`{date_short_pretty}` says today and yesterday).
 */
export function slackDate(date: Date, format: 'date' | 'datetime' = 'date'): string {
  const token = format === 'date' ? '{date_short}' : '{date_short_pretty} {time}';
  const fallback =
    format === 'date' ? date.toISOString().slice(0, 10) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(date.getTime() / 1000)}^${token}|${fallback}>`;
}

/** Names joined for a sentence, the first few and a count of the rest. */
export function nameList(names: string[], max = 10): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
