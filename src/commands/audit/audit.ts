import { z } from 'zod';
import { listAuditEntries } from '../../services/audit/list-audit-entries.js';
import { AUDIT_PAGE_ACTION_ID, AUDIT_PAGE_SIZE, auditListBlocks } from '../../views/audit/audit-list-blocks.js';
import { argToken } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import type { ServiceContext } from '../../services/context.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';

const MAX_SUBJECT = 200;

/** Draws a page of the audit log, as a new reply or in place of the list a button is in. */
async function showAuditPage(
  request: CommandRequest,
  ctx: ServiceContext,
  subject: string | undefined,
  cursor: { pageNumber: number; after?: string; before?: string },
  replace: boolean,
): Promise<void> {
  const page = await listAuditEntries(ctx, {
    limit: AUDIT_PAGE_SIZE,
    ...(subject !== undefined ? { subject } : {}),
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined ? { before: cursor.before } : {}),
  });
  const pageNumber = page.previous ? Math.max(2, cursor.pageNumber) : 1;
  await request.reply({ ...auditListBlocks({ page, pageNumber }), replaceOriginal: replace });
}

/** An @mention, an email, or a group name (several words are one name). */
const subjectArg = z.array(argToken).transform((tokens, ctx) => {
  const mention = tokens.find((t) => t.kind === 'user');
  if (mention && tokens.length > 1) {
    ctx.addIssue({ code: 'custom', message: 'is one person or one group' });
    return z.NEVER;
  }
  if (mention) return { kind: 'slack' as const, slackUserId: mention.value };
  const text = tokens
    .map((t) => t.value)
    .join(' ')
    .trim();
  if (text.length > MAX_SUBJECT) {
    ctx.addIssue({ code: 'custom', message: `is too long (at most ${MAX_SUBJECT} characters)` });
    return z.NEVER;
  }
  return text ? { kind: 'text' as const, text } : undefined;
});

/** `/ub audit [email|@mention|group]` */
export const auditSubcommand = defineSubcommand({
  name: 'audit',
  usage: '[email, @mention or group name]',
  summary: 'Show the latest audit log entries, for everyone or for one person or group.',
  details: [
    'Every change ub makes is logged: who, what, before and after, when, and from where (command, form, button, job).',
    '`/ub audit ada@example.com` or `/ub audit "Data Eng"` narrows it down.',
  ],
  permission: 'audit.view',
  reply: 'ephemeral',
  positionals: [{ name: 'subject', variadic: true }],
  schema: z.object({ subject: subjectArg }),
  handle: async (request, input, ctx) => {
    const subject =
      input.subject === undefined
        ? undefined
        : input.subject.kind === 'text'
          ? input.subject.text
          : await emailOfPerson(request, input.subject);
    await showAuditPage(request, ctx, subject, { pageNumber: 1 }, false);
  },
});

/** Newer / Older under the log. */
export const auditPageAction = defineAction({
  actionId: AUDIT_PAGE_ACTION_ID,
  value: z.object({
    s: z.string().max(MAX_SUBJECT).optional(),
    p: z.number().int().min(1),
    a: z.string().max(200).optional(),
    b: z.string().max(200).optional(),
  }),
  handle: async (request, value, ctx) => {
    await showAuditPage(
      request,
      ctx,
      value.s,
      {
        pageNumber: value.p,
        ...(value.a !== undefined ? { after: value.a } : {}),
        ...(value.b !== undefined ? { before: value.b } : {}),
      },
      true,
    );
  },
});
