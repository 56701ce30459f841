import { randomBytes } from "node:crypto";
import type { SessionTokenRevocation, SessionTokenStore } from "../ports-local.js";

interface StoredToken {
  clientKey: string;
  tag: string | null;
  deviceId: string | null;
  expiresAt: number;
  revoked: SessionTokenRevocation | null;
}

export interface InMemorySessionTokenStoreOptions {
  now?: () => number;
}

export interface InMemorySessionTokenStore extends SessionTokenStore {
  /** Number of stored tokens (revoked ones included until they expire). */
  size(): number;
}

const SWEEP_INTERVAL_MS = 60_000;

export function createInMemorySessionTokenStore(
  options: InMemorySessionTokenStoreOptions = {},
): InMemorySessionTokenStore {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, StoredToken>();
  const byClient = new Map<string, Set<string>>();
  let lastSweep = now();

  const keyOf = (appId: string, clientId: string) => `${appId}\u0000${clientId}`;

  function forget(token: string, stored: StoredToken): void {
    tokens.delete(token);
    const set = byClient.get(stored.clientKey);
    set?.delete(token);
    if (set?.size === 0) byClient.delete(stored.clientKey);
  }

  function sweep(): void {
    const t = now();
    if (t - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = t;
    for (const [token, stored] of tokens) if (stored.expiresAt <= t) forget(token, stored);
  }

  return {
    async issue({ appId, clientId, tag, deviceId, ttlSeconds }) {
      sweep();
      const clientKey = keyOf(appId, clientId);
      let set = byClient.get(clientKey);
      if (!set) byClient.set(clientKey, (set = new Set()));
      if (tag !== null) {
        for (const other of set) {
          const stored = tokens.get(other);
          if (stored && stored.tag === tag && stored.deviceId !== deviceId && stored.revoked === null) {
            stored.revoked = "conflict";
          }
        }
      }
      const token = randomBytes(24).toString("base64url");
      tokens.set(token, { clientKey, tag, deviceId, expiresAt: now() + ttlSeconds * 1000, revoked: null });
      set.add(token);
      return token;
    },
    async verify(appId, clientId, token) {
      const stored = tokens.get(token);
      if (!stored || stored.clientKey !== keyOf(appId, clientId)) return null;
      if (stored.expiresAt <= now()) return null;
      if (stored.revoked === "conflict") return { status: "conflict" };
      if (stored.revoked !== null) return null;
      return { status: "valid", tag: stored.tag, deviceId: stored.deviceId };
    },
    async revoke(token, reason = "logout") {
      const stored = tokens.get(token);
      if (stored && stored.revoked === null) stored.revoked = reason;
    },
    size() {
      return tokens.size;
    },
  };
}
