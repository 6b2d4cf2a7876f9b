/**
 * A token bucket per key (a channel for chat.postMessage): `burst` calls at once, then
 * `perSecond` a second, the way Slack tolerates short bursts over about one message a second.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /** Takes a token; returns the seconds to wait (Retry-After) when there is none. */
  take(key: string, now: number): number | undefined {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
    bucket.tokens -= 1;
    return undefined;
  }

  reset(): void {
    this.buckets.clear();
  }
}
