import { validateBlocks, validateOptionsAnswer, validateView } from './fake-slack/index.js';

/**
 * What a payload ub sends must not contain when people's text went into it: a Slack control
 * sequence (`<!channel>`, `<@U…>`, `<https://…|…>`) that ub did not write itself, a bare special
 * mention Slack might parse (`@channel`), a stack trace, or anything over Block Kit's limits.
 */

/** The sequences ub writes itself: mentions of the user ids given, links to the addresses given (configuration, never people's text), and dates. */
function allowedSequence(sequence: string, mentions: readonly string[], links: readonly string[]): boolean {
  const mention = /^<[@#]([A-Z0-9_]+)>$/.exec(sequence);
  if (mention) return mentions.includes(mention[1]!);
  if (links.some((url) => sequence === `<${url}|${url}>`)) return true;
  return /^<!date\^\d+\^\{date_short(_pretty)?\}( \{time\})?\|[^<>|]*>$/.test(sequence);
}

/** Every mrkdwn text in a message, a view or a list of them: text objects, and a message's own `text`. */
export function mrkdwnTexts(payload: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, parentIsMessage: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, false);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const isTextObject = record.type === 'mrkdwn' || record.type === 'plain_text';
    if (typeof record.text === 'string' && (record.type === 'mrkdwn' || (!isTextObject && parentIsMessage)))
      found.push(record.text);
    for (const [key, value] of Object.entries(record)) {
      if (key === 'text' && typeof value === 'string') continue;
      walk(value, false);
    }
  };
  // The top level is a message (its `text` is mrkdwn: the notification and fallback), or a list of them.
  if (Array.isArray(payload)) for (const item of payload) walk(item, true);
  else walk(payload, true);
  return found;
}

/** The control sequences and bare special mentions in a payload that ub did not write. */
export function unsafeSequences(
  payload: unknown,
  allowedMentions: readonly string[],
  allowedLinks: readonly string[] = [],
): string[] {
  const unsafe: string[] = [];
  for (const text of mrkdwnTexts(payload)) {
    for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
      const end = text.indexOf('>', at);
      const sequence = end === -1 ? text.slice(at, at + 40) : text.slice(at, end + 1);
      if (!allowedSequence(sequence, allowedMentions, allowedLinks)) unsafe.push(sequence.slice(0, 60));
    }
    for (const bare of text.match(/(?:^|[^\w\u2060])@(?:here|channel|everyone)\b/g) ?? []) unsafe.push(bare.trim());
  }
  return unsafe;
}

/** Anything in a payload that looks like a stack trace or an internal error's text. */
export function stackTraces(payload: unknown): string[] {
  const text = JSON.stringify(payload) ?? '';
  return text.match(/(\bat [\w.<>]+ \(|\.[jt]s:\d+:\d+|TypeError|ReferenceError|MongoServerError)[^"]{0,40}/g) ?? [];
}

/** Block Kit problems of a rendered view or message (a list of them is checked item by item). */
export function layoutProblems(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.flatMap(layoutProblems);
  if (typeof payload !== 'object' || payload === null) return ['not an object'];
  const record = payload as Record<string, unknown>;
  if (record.type === 'modal' || record.type === 'home') return validateView(record);
  if (record.options !== undefined || record.option_groups !== undefined) return validateOptionsAnswer(record);
  const problems = record.blocks === undefined ? [] : validateBlocks(record.blocks, 'message');
  if (typeof record.text !== 'string' || record.text.length === 0) problems.push('text: the fallback is missing');
  else if (record.text.length > 40_000) problems.push('text: over 40,000 characters');
  return problems;
}
