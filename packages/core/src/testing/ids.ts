import type { IdGenerator } from "../ports.js";

/** The 64 url-safe characters in code-unit order. */
const URL_SAFE = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/** Fixed-width base-64 (in code-unit order, so later ids sort after earlier ones). */
function orderedToken(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = URL_SAFE[n % 64]! + out;
    n = Math.floor(n / 64);
  }
  return out;
}

/**
 * Deterministic ids: counters rendered in the real formats. Each generator has its own
 * `seed` prefix so two generators in one test never collide.
 */
export function createSequentialIds(seed = 0): IdGenerator & { reset(): void } {
  let objectIds = 0;
  let messages = 0;
  let temps = 0;
  const seedHex = (seed % 0x10000).toString(16).padStart(4, "0");
  return {
    objectId: () => `${seedHex}${(++objectIds).toString(16).padStart(20, "0")}`,
    temporaryConversationId: () => `_tmp:${orderedToken(seed % 64, 1)}${orderedToken(++temps, 21)}`,
    messageId: () => `${orderedToken(seed % 64, 1)}${orderedToken(++messages, 21)}`,
    reset() {
      objectIds = 0;
      messages = 0;
      temps = 0;
    },
  };
}
