import { z } from 'zod';
import { personArg, switchArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import { personFields } from '../../slack/kit/form-fields.js';
import { NOTIFY_OPTION_VALUE } from '../../views/people/user-modals.js';

/** `--notify` (the default) and `--no-notify`: whether the person concerned gets a DM about it. */
export const notifyFlags = { notify: { takesValue: false }, 'no-notify': { takesValue: false } } as const;

/** One person and the two flags, read as one `notify` boolean; both flags at once is a mistake. */
export const personAndNotify = z
  .object({ person: personArg, notify: switchArg, 'no-notify': switchArg })
  .refine((v) => !(v.notify && v['no-notify']), {
    message: 'cannot be combined with `--notify`: pick one',
    path: ['no-notify'],
  })
  .transform((v) => ({ person: v.person, notify: !v['no-notify'] }));

/**
 * The deactivate and reactivate forms: the person fields and the "tell them" checkbox. A form
 * without the checkbox (opened before it existed) tells them, as the command does by default.
 */
export const personAndNotifyFields = z
  .object({ person: z.string().optional(), email: z.string().optional(), notify: z.array(z.string()).optional() })
  .transform((fields, ctx): { person: PersonRef; notify: boolean } => {
    const person = personFields.safeParse({ person: fields.person, email: fields.email });
    if (!person.success) {
      for (const issue of person.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { person: person.data, notify: fields.notify?.includes(NOTIFY_OPTION_VALUE) ?? true };
  });
