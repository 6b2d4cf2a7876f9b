import { z } from 'zod';
import { personArg, switchArg } from '../../slack/kit/arg-schemas.js';

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
