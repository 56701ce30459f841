/**
 * Failed sign-in counting. A rule allows `max` failures per `windowMs` for a
 * key; once reached, further attempts on that key are refused until the
 * oldest failure leaves the window. Success clears the key.
 *
 * The default store is in memory: the console is a single process, and losing
 * the counters on restart only hands an attacker one extra burst. Swap in a
 * shared store behind the same interface if the console ever runs on several
 * nodes.
 */
export interface ThrottleRule {
  max: number;
  windowMs: number;
}

export interface LoginThrottle {
  /** Milliseconds until `key` may try again under `rule`; 0 when allowed. */
  retryAfterMs(key: string, rule: ThrottleRule): number;
  recordFailure(key: string, rule: ThrottleRule): void;
  reset(key: string): void;
}

export function createMemoryLoginThrottle(options: { now: () => number; maxKeys?: number }): LoginThrottle {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;

  const recent = (key: string, rule: ThrottleRule): number[] => {
    const cutoff = options.now() - rule.windowMs;
    const list = (failures.get(key) ?? []).filter((at) => at > cutoff);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };

  return {
    retryAfterMs(key, rule) {
      const list = recent(key, rule);
      if (list.length < rule.max) return 0;
      const oldestCounted = list[list.length - rule.max]!;
      return Math.max(1, oldestCounted + rule.windowMs - options.now());
    },
    recordFailure(key, rule) {
      const list = recent(key, rule);
      list.push(options.now());
      // Re-insert so the Map's order is least-recently-failed first, and keep
      // only the failures the rule can ever look at.
      failures.delete(key);
      failures.set(key, list.slice(-rule.max));
      for (const oldest of failures.keys()) {
        if (failures.size <= maxKeys) break;
        failures.delete(oldest);
      }
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
