// Per-client command rate limits (4116 MESSAGE_SENT_QUOTA_EXCEEDED), enforced before dispatch.
// Token buckets per (app, client, category): capacity = the per-minute limit, refilled
// continuously. Limits come from the app's settings. Local to this node: with several
// nodes a client's sessions on different nodes each get the full allowance.
import type { App } from "@parley/core";
import { CommandType, OpType } from "../protocol/constants.js";

export type RateCategory = "send" | "history" | "other";

/**
 * Which budget a command spends; null = not limited: session commands, heartbeats, the
 * fire-and-forget acks/reads, and `conv query`, which the SDK sends by itself for every push
 * about a conversation it has not cached — throttling it would make the SDK drop that push
 * (protocol part 1 §1 rule 7).
 */
export function rateCategoryOf(cmd: number | undefined, op: number | undefined): RateCategory | null {
  if (cmd === CommandType.conv && op === OpType.query) return null;
  switch (cmd) {
    case CommandType.direct:
      return "send";
    case CommandType.logs:
      return "history";
    case CommandType.conv:
    case CommandType.blacklist:
    case CommandType.patch:
      return "other";
    default:
      return null;
  }
}

function perMinute(app: App, category: RateCategory): number {
  const { limits } = app.settings;
  if (category === "send") return limits.sendsPerMinute;
  if (category === "history") return limits.historyQueriesPerMinute;
  return limits.otherOpsPerMinute;
}

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** Spends one token; false when the client is over its limit. */
  take(app: App, clientId: string, category: RateCategory): boolean;
}

export function createRateLimiter(options: { now: () => number; sweepEveryMs?: number }): RateLimiter {
  const { now } = options;
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();

  function sweep(t: number): void {
    // A bucket idle for a minute is full again: forgetting it changes nothing.
    for (const [key, bucket] of buckets) if (t - bucket.at >= 60_000) buckets.delete(key);
    lastSweep = t;
  }

  return {
    take(app, clientId, category) {
      const t = now();
      if (t - lastSweep >= sweepEveryMs) sweep(t);
      const capacity = perMinute(app, category);
      const key = `${app.id}\u0000${clientId}\u0000${category}`;
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) * capacity) / 60_000);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
