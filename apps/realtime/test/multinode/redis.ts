// Redis for the multi-node suites: the URL (TEST_REDIS_URL, default the local 6379), a check that
// fails loudly when Redis is missing (these tests never skip: CI has Redis), and a key prefix per
// test file so parallel runs never see each other's keys.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Throws a message saying Redis is required when it cannot be reached. */
export async function requireRedis(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let connectionError: unknown;
  redis.on("error", (err: unknown) => {
    connectionError ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const reason = connectionError ?? err; // the socket's error says more than "Connection is closed"
    throw new Error(
      `The multi-node tests require Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL to use another; CI runs one): ${reason instanceof Error ? reason.message : String(reason)}`,
      { cause: err },
    );
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other test run uses. */
export const testKeyPrefix = (): string => `parley-test:${randomBytes(6).toString("hex")}:`;

/** A plain client on the test Redis (for looking at keys). Disconnect it when done. */
export function testRedis(): Redis {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {}); // requireRedis() reports a missing Redis
  return redis;
}

/** Every key under `prefix`. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys.sort();
}

/** Deletes every key under `prefix` (best effort: a missing Redis was reported by requireRedis). */
export async function dropKeys(prefix: string): Promise<void> {
  const redis = testRedis();
  try {
    const keys = await keysUnder(redis, prefix);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // nothing to clean up
  } finally {
    redis.disconnect();
  }
}
