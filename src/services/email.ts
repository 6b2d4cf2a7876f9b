import { z } from 'zod';
import { UbError } from './errors.js';

/** Emails are compared lower-cased and trimmed: one person, one key, whatever Slack or a CSV says. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'is too long for an email address')
  .pipe(z.email({ error: 'is not a valid email address' }))
  .transform(normalizeEmail);

/** A normalized email, or `invalid_input` quoting what was typed. */
export function parseEmail(raw: string): string {
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) throw new UbError('invalid_input', `\`${raw.slice(0, 100)}\` is not an email address.`);
  return parsed.data;
}
