import { z } from 'zod';
import { MAX_GROUP_NAME } from '../../../services/groups/group-repository.js';
import { argToken } from '../../../slack/kit/arg-schemas.js';
import { escapeMrkdwn } from '../../../views/mrkdwn.js';

/** A channel picked from Slack's # autocomplete (`<#C…|name>`): a typed `#name` carries no id. */
export const channelArg = argToken.transform((t, ctx) => {
  if (t.kind === 'channel') return t.value;
  const typed = t.kind === 'text' ? t.value : '';
  ctx.addIssue({
    code: 'custom',
    message: `\`${escapeMrkdwn(typed)}\` is not a channel ub can read: pick it from Slack's # autocomplete`,
  });
  return z.NEVER;
});

/** Group names, one per word or quoted phrase; none is fine (the default scope). */
export const groupNamesArg = z
  .array(argToken)
  .optional()
  .transform((tokens, ctx) => {
    const names: string[] = [];
    for (const t of tokens ?? []) {
      const name = t.kind === 'text' ? t.value.trim() : '';
      if (name === '' || name.length > MAX_GROUP_NAME) {
        ctx.addIssue({ code: 'custom', message: `must be group names (quoted when they have spaces)` });
        return z.NEVER;
      }
      names.push(name);
    }
    return names;
  });
