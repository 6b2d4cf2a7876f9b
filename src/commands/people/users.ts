import { z } from 'zod';
import { UbError } from '../../services/errors.js';
import { MAX_QUERY_LENGTH, searchUsers } from '../../services/people/search-users.js';
import {
  USERS_PAGE_ACTION_ID,
  USERS_PAGE_SIZE,
  userListBlocks,
  type UserListFilters,
} from '../../views/people/user-list-blocks.js';
import { argToken, choiceArg, textArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import type { ServiceContext } from '../../services/context.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

const MAX_GROUP_NAME = 200;

/** Draws a page of people, as a new reply or in place of the list a button is in. */
async function showUserPage(
  request: CommandRequest,
  ctx: ServiceContext,
  filters: UserListFilters,
  cursor: { pageNumber: number; after?: string; before?: string },
  replace: boolean,
): Promise<void> {
  const page = await searchUsers(ctx, {
    limit: USERS_PAGE_SIZE,
    ...(filters.q !== undefined ? { query: filters.q } : {}),
    ...(filters.s !== undefined ? { status: filters.s } : {}),
    ...(filters.g !== undefined ? { groupName: filters.g } : {}),
    ...(filters.l !== undefined ? { license: filters.l } : {}),
    ...(filters.r !== undefined ? { role: filters.r } : {}),
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined ? { before: cursor.before } : {}),
  });
  const pageNumber = page.hasPrevious ? Math.max(2, cursor.pageNumber) : 1;
  await request.reply({ ...userListBlocks({ page, filters, pageNumber }), replaceOriginal: replace });
}

const queryArg = z.array(argToken).transform((tokens, ctx) => {
  if (tokens.some((t) => t.kind === 'user' || t.kind === 'channel')) {
    ctx.addIssue({
      code: 'custom',
      message: 'is a name or email to search for; to look at one person, use `/ub user @someone`',
    });
    return z.NEVER;
  }
  const text = tokens
    .map((t) => t.value)
    .join(' ')
    .trim();
  if (text.length > MAX_QUERY_LENGTH) {
    ctx.addIssue({ code: 'custom', message: `is too long (at most ${MAX_QUERY_LENGTH} characters)` });
    return z.NEVER;
  }
  return text || undefined;
});

/** `/ub users [query] [--status ...] [--group ...] [--license ...] [--role ...]` */
export const usersSubcommand = defineSubcommand({
  name: 'users',
  usage:
    '[name or email] [--status active|deactivated] [--group <name>] [--license standard|pro] [--role admin|group_admin|user]',
  summary: 'Search people by the beginning of words of their name or email, 10 a page, with Next / Previous.',
  details: [
    '`/ub users` alone lists everyone. `/ub users ada lov --status active` finds the active people with words beginning with “ada” and “lov” in their name or email (any case, accents or not).',
    '`--status licensed` is the same as `active`; `--license` lists licensed people of that license type; `--role admin` lists the admins.',
    'Pending invitations are not people yet: `/ub invitations` lists them.',
    'Group admins see the people of the groups they manage.',
  ],
  permission: 'user.view',
  reply: 'ephemeral',
  positionals: [{ name: 'query', variadic: true }],
  flags: {
    status: { takesValue: true },
    group: { takesValue: true, mayHaveSpaces: true },
    license: { takesValue: true },
    role: { takesValue: true },
  },
  schema: z.object({
    query: queryArg,
    status: choiceArg(['active', 'deactivated', 'pending'] as const, {
      licensed: 'active',
      invited: 'pending',
    }).optional(),
    group: textArg({ max: MAX_GROUP_NAME, what: 'a group name' }).optional(),
    license: choiceArg(['standard', 'pro'] as const).optional(),
    role: choiceArg(['admin', 'group_admin', 'user'] as const, {
      admins: 'admin',
      group_admins: 'group_admin',
      users: 'user',
    }).optional(),
  }),
  handle: async (request, input, ctx) => {
    if (input.status === 'pending') {
      throw new UbError(
        'invalid_input',
        'People with a pending invitation have not joined yet: `/ub invitations` lists them.',
      );
    }
    const filters: UserListFilters = {
      ...(input.query !== undefined ? { q: input.query } : {}),
      ...(input.status !== undefined ? { s: input.status } : {}),
      ...(input.group !== undefined ? { g: input.group } : {}),
      ...(input.license !== undefined ? { l: input.license } : {}),
      ...(input.role !== undefined ? { r: input.role } : {}),
    };
    await showUserPage(request, ctx, filters, { pageNumber: 1 }, false);
  },
});

/** Next / Previous under the list: the filters and the cursor travel in the button's value. */
export const usersPageAction = defineAction({
  actionId: USERS_PAGE_ACTION_ID,
  value: z.object({
    p: z.number().int().min(1),
    a: z.string().max(254).optional(),
    b: z.string().max(254).optional(),
    q: z.string().max(MAX_QUERY_LENGTH).optional(),
    s: z.enum(['active', 'deactivated']).optional(),
    g: z.string().max(MAX_GROUP_NAME).optional(),
    l: z.enum(['standard', 'pro']).optional(),
    r: z.enum(['admin', 'group_admin', 'user']).optional(),
  }),
  handle: async (request, value, ctx) => {
    const { p, a, b, ...filters } = value;
    await showUserPage(
      request,
      ctx,
      filters,
      { pageNumber: p, ...(a !== undefined ? { after: a } : {}), ...(b !== undefined ? { before: b } : {}) },
      true,
    );
  },
});
