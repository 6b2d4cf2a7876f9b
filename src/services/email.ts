import { z } from 'zod';

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
