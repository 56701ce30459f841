import { describe, expect, it } from "vitest";
import { createMemoryLoginThrottle } from "./throttle";

describe("memory login throttle", () => {
  const rule = { max: 3, windowMs: 60_000 };

  it("blocks a key after max failures until the oldest counted one leaves the window", () => {
    const clock = { now: 0 };
    const throttle = createMemoryLoginThrottle({ now: () => clock.now });
    for (const at of [0, 10_000, 20_000]) {
      clock.now = at;
      expect(throttle.retryAfterMs("k", rule)).toBe(0);
      throttle.recordFailure("k", rule);
    }
    expect(throttle.retryAfterMs("k", rule)).toBe(40_000);
    expect(throttle.retryAfterMs("other", rule)).toBe(0);
    clock.now = 60_000;
    expect(throttle.retryAfterMs("k", rule)).toBe(0);
  });

  it("reset clears a key", () => {
    const throttle = createMemoryLoginThrottle({ now: () => 0 });
    for (let i = 0; i < 3; i++) throttle.recordFailure("k", rule);
    throttle.reset("k");
    expect(throttle.retryAfterMs("k", rule)).toBe(0);
  });

  it("keeps at most maxKeys keys, dropping the least recently failed", () => {
    const throttle = createMemoryLoginThrottle({ now: () => 0, maxKeys: 2 });
    for (let i = 0; i < 3; i++) throttle.recordFailure("a", rule);
    for (let i = 0; i < 3; i++) throttle.recordFailure("b", rule);
    throttle.recordFailure("a", rule); // a is now the most recent
    throttle.recordFailure("c", rule);
    expect(throttle.retryAfterMs("a", rule)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("b", rule)).toBe(0); // evicted
  });
});
