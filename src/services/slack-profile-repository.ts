import { normalizeEmail } from './email.js';
import type { SlackProfile } from './domain.js';
import type { SlackProfileDoc } from './models/slack-profile.js';
import type { Store } from './store.js';

/** How long a cached Slack profile is trusted before users.info is asked again. */
export const PROFILE_TTL_MS = 6 * 60 * 60 * 1000;

export async function cachedProfile(
  store: Store,
  orgId: string,
  slackUserId: string,
  now: Date,
): Promise<SlackProfile | undefined> {
  const doc = await store.slackProfiles.findById(`${orgId}:${slackUserId}`).lean().exec();
  if (!doc || now.getTime() - doc.fetchedAt.getTime() > PROFILE_TTL_MS) return undefined;
  return toProfile(doc);
}

export async function saveProfile(store: Store, orgId: string, profile: SlackProfile, now: Date): Promise<void> {
  const email = profile.email ? normalizeEmail(profile.email) : undefined;
  await store.slackProfiles
    .updateOne(
      { _id: `${orgId}:${profile.slackUserId}` },
      { $set: { orgId, ...profile, email, fetchedAt: now } },
      { upsert: true },
    )
    .exec();
}

function toProfile(doc: SlackProfileDoc): SlackProfile {
  return {
    slackUserId: doc.slackUserId,
    email: doc.email,
    realName: doc.realName,
    tz: doc.tz,
    deleted: doc.deleted,
    isBot: doc.isBot,
  };
}
