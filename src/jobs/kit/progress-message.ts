import type { KnownBlock } from '@slack/types';
import { postOnce, type PostEnv } from './post-once.js';

/** chat.update is Tier 3 (about 50 a minute per workspace) and ~1 a second per message: one every 2 s is well within. */
export const PROGRESS_MIN_INTERVAL_MS = 2_000;

/** The key of a run's progress message among the posts made once (slack_posts). */
export const progressKey = (runId: string) => `${runId}:progress`;

/**
 * A run's progress message: a DM from ub to the person who started it, posted once (postOnce, so a
 * resumed run finds the same message) and then updated in place with chat.update, which, unlike a
 * response_url, has no 30-minute or 5-post limit and works from any replica. Updates closer
 * together than PROGRESS_MIN_INTERVAL_MS are dropped unless forced (the result, a pause, a stop).
 */
export class ProgressMessage {
  private where: { channel: string; ts: string } | undefined;
  private lastShownAt = 0;

  constructor(
    private readonly env: PostEnv,
    private readonly runId: string,
    private readonly userId: string | undefined,
  ) {}

  /** Shows the message; a Slack failure is logged, never thrown: progress must not stop the work. */
  async show(message: { text: string; blocks: KnownBlock[] }, options: { force?: boolean } = {}): Promise<boolean> {
    if (!options.force && Date.now() - this.lastShownAt < PROGRESS_MIN_INTERVAL_MS) return false;
    if (!this.userId) return false;
    try {
      if (!this.where) {
        const posted = await postOnce(this.env, progressKey(this.runId), this.userId, message);
        if (posted.state !== 'sent') return false;
        this.where = { channel: posted.channel, ts: posted.ts };
        if (posted.fresh) {
          this.lastShownAt = Date.now();
          return true;
        }
      }
      await this.env.client.chat.update({ channel: this.where.channel, ts: this.where.ts, ...message });
      this.lastShownAt = Date.now();
      return true;
    } catch (error) {
      this.env.log.warn('jobs: progress message not updated', {
        runId: this.runId,
        error: (error as Error).message,
      });
      return false;
    }
  }
}
