import { z } from 'zod';
import { emailSchema } from '../../services/email.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { ArgToken } from './tokenize.js';

/**
 * zod schemas over tokens, for subcommand definitions. Each turns a token into the plain value a
 * service takes, with a message that says what was expected.
 */
export const argToken = z.custom<ArgToken>((value) => typeof value === 'object' && value !== null && 'kind' in value, {
  error: 'is missing',
});

/** Free text: a word, a quoted phrase. */
export function textArg(options: { max: number; what: string }) {
  return argToken.transform((t, ctx) => {
    if (t.kind !== 'text' || t.value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: `must be ${options.what}` });
      return z.NEVER;
    }
    if (t.value.length > options.max) {
      ctx.addIssue({ code: 'custom', message: `is too long (at most ${options.max} characters)` });
      return z.NEVER;
    }
    return t.value.trim();
  });
}

/** One of a few words, case-insensitive; `aliases` maps extra spellings (e.g. "group admin"). */
export function choiceArg<const T extends string>(choices: readonly T[], aliases: Record<string, T> = {}) {
  return argToken.transform((t, ctx): T => {
    const word =
      t.kind === 'text'
        ? t.value
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        : '';
    const found = choices.find((c) => c === word) ?? aliases[word];
    if (!found) {
      ctx.addIssue({ code: 'custom', message: `must be one of: ${choices.join(', ')}` });
      return z.NEVER;
    }
    return found;
  });
}

export function positiveIntArg(options: { max: number }) {
  return argToken.transform((t, ctx) => {
    const value =
      t.kind === 'text' && /^\d+$/.test(t.value.replace(/[,_]/g, '')) ? Number(t.value.replace(/[,_]/g, '')) : NaN;
    if (!Number.isSafeInteger(value) || value > options.max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a whole number from 0 to ${options.max.toLocaleString('en-US')}`,
      });
      return z.NEVER;
    }
    return value;
  });
}

export type PersonRef = { kind: 'email'; email: string } | { kind: 'slack'; slackUserId: string };

/** An email address or an @mention, the two ways a person is named in Slack. */
export const personArg = argToken.transform((t, ctx): PersonRef => {
  if (t.kind === 'user') return { kind: 'slack', slackUserId: t.value };
  const raw = t.kind === 'email' || t.kind === 'text' ? t.value : '';
  if (t.kind === 'text' && raw.startsWith('@')) {
    ctx.addIssue({
      code: 'custom',
      message: `\`${escapeMrkdwn(raw)}\` is not a Slack mention ub can read: pick the person from Slack's @ autocomplete, or type their email`,
    });
    return z.NEVER;
  }
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: `\`${escapeMrkdwn(raw)}\` is not an email address or @mention` });
    return z.NEVER;
  }
  return { kind: 'email', email: parsed.data };
});

/** A person as the people commands take them: an email, an @mention, or `me`. */
export type PersonOrMe = PersonRef | { kind: 'me' };

export const personOrMeArg = argToken.transform((token, ctx): PersonOrMe => {
  if (token.kind === 'text' && token.value.trim().toLowerCase() === 'me') return { kind: 'me' };
  const parsed = personArg.safeParse(token);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
});

/** The literal `true` a boolean flag sets, or absence. */
export const switchArg = z
  .literal(true)
  .optional()
  .transform((v) => v === true);
