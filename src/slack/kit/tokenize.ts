/**
 * Splits `/ub` text the way a person means it: quotes group words (straight or the curly quotes
 * macOS and phones substitute), and Slack's escaped entities stay whole and are decoded:
 * `<@U123|alice>` is a user, `<#C123|general>` a channel, `<mailto:a@b.co|a@b.co>` an email.
 */
export type ArgToken =
  | { kind: 'text'; value: string; quoted: boolean }
  | { kind: 'user'; value: string; label: string | undefined }
  | { kind: 'channel'; value: string; label: string | undefined }
  | { kind: 'email'; value: string };

/** Text that cannot be split; its message is plain text quoting the input (the router escapes it). */
export class TokenizeError extends Error {
  override name = 'TokenizeError';
}

const closingQuote: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u201d': '\u201d',
};

export function tokenize(text: string): ArgToken[] {
  const tokens: ArgToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const entityEnd = text[i] === '<' ? text.indexOf('>', i) : -1;
    if (entityEnd !== -1) {
      tokens.push(slackEntity(text.slice(i + 1, entityEnd)));
      i = entityEnd + 1;
      continue;
    }
    // One word, in which quoted stretches may hold spaces: `"Data Eng"`, `--group="Data Eng"`.
    let value = '';
    let quoted = false;
    const wordStart = i;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      // An apostrophe quotes only at the start of a word, so O'Brien stays one name.
      const opensQuote = ch in closingQuote && (ch !== "'" || i === wordStart);
      if (opensQuote) {
        const close = text.indexOf(closingQuote[ch]!, i + 1);
        if (close === -1)
          throw new TokenizeError(`a quote is not closed: ${decodeEntities(text.slice(wordStart, wordStart + 30))}`);
        value += text.slice(i + 1, close);
        quoted = true;
        i = close + 1;
        continue;
      }
      value += ch;
      i++;
    }
    tokens.push({ kind: 'text', value: decodeEntities(value), quoted });
  }
  return tokens;
}

function slackEntity(inner: string): ArgToken {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) return { kind: 'user', value: target.slice(1), label };
  if (target.startsWith('#')) return { kind: 'channel', value: target.slice(1), label };
  if (target.startsWith('mailto:')) return { kind: 'email', value: target.slice('mailto:'.length) };
  // A link or special mention (`<!here>`, `<https://…|text>`): keep what the person typed.
  return { kind: 'text', value: decodeEntities(label ?? target), quoted: false };
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

/** Slack escapes only these three in command text. */
function decodeEntities(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** How a token reads back in a message to the user. */
export function tokenText(token: ArgToken): string {
  switch (token.kind) {
    case 'user':
      return `<@${token.value}>`;
    case 'channel':
      return `<#${token.value}>`;
    default:
      return token.value;
  }
}
