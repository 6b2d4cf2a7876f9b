import type { ServiceContext } from '../context.js';
import { personKey, type LicenseType } from '../domain.js';
import { MAX_USER_PAGE, searchUsers } from './search-users.js';

export interface LicenseHolder {
  email: string;
  slackUserId: string | undefined;
  lastActivityAt: Date | undefined;
  /** When they got the license type they hold (Pro), if ub saw it happen. */
  proSince: Date | undefined;
  createdAt: Date;
}

/**
 * A page of the active holders of a license type, in email order after `after`: the people search on
 * the `lic:` and `st:` sets (decision 018), then each holder read by `_id`, so a page costs the same
 * at 1,000 people as at 100,000 on FerretDB/SQLite, where any other filter scans every person. What
 * other features read of license holders (the Pro reclaim policy).
 */
export async function activeLicenseHolders(
  ctx: ServiceContext,
  input: { license: LicenseType; after?: string | undefined },
): Promise<{ holders: LicenseHolder[]; nextAfter: string | undefined }> {
  const page = await searchUsers(ctx, {
    status: 'active',
    license: input.license,
    ...(input.after !== undefined ? { after: input.after } : {}),
    limit: MAX_USER_PAGE,
  });
  const docs = await Promise.all(
    page.users.map((u) => ctx.store.users.findById(personKey(ctx.orgId, u.email)).lean().exec()),
  );
  const holders = docs.flatMap((doc) =>
    doc && doc.status === 'active' && doc.licenseType === input.license
      ? [
          {
            email: doc.email,
            slackUserId: doc.slackUserId ?? undefined,
            lastActivityAt: doc.lastActivityAt ?? undefined,
            proSince: doc.proSince ?? undefined,
            createdAt: doc.createdAt,
          },
        ]
      : [],
  );
  return { holders, nextAfter: page.hasNext ? page.users.at(-1)?.email : undefined };
}
