// Apps as the realtime server sees them: core's AppRepository behind a small cache.
// An `AppChanged` domain event (from this process, the console or the CLI, via the bus) drops
// the entry; a TTL bounds staleness if a notification was missed (the bus is at-most-once).
import type { App, EventBus, UnitOfWork } from "@parley/core";

export interface AppDirectory {
  /** The app, or null when unknown. */
  getApp(appId: string): Promise<App | null>;
}

export interface CachedAppDirectory extends AppDirectory {
  /** Stops listening to the bus. */
  close(): void;
}

export interface AppDirectoryOptions {
  uow: UnitOfWork;
  bus: EventBus;
  /** Lifetime of a found app. Default 60 s. */
  ttlMs?: number;
  /** Lifetime of a "no such app" answer (the router is unauthenticated). Default 5 s. */
  missTtlMs?: number;
  /** Entries kept at most (oldest dropped first). Default 1000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  app: Promise<App | null>;
  expiresAt: number;
}

export function createAppDirectory(options: AppDirectoryOptions): CachedAppDirectory {
  const { uow, bus, ttlMs = 60_000, missTtlMs = 5_000, maxEntries = 1000, now = Date.now } = options;
  const cache = new Map<string, Entry>();
  const unsubscribe = bus.subscribe((events) => {
    for (const event of events) if (event.type === "AppChanged") cache.delete(event.appId);
  });

  function load(appId: string): Entry {
    const entry: Entry = { app: uow.run((tx) => tx.apps.get(appId)), expiresAt: now() + ttlMs };
    entry.app.then(
      (app) => {
        if (app === null) entry.expiresAt = now() + missTtlMs;
      },
      () => {
        if (cache.get(appId) === entry) cache.delete(appId);
      },
    );
    return entry;
  }

  return {
    getApp(appId) {
      const hit = cache.get(appId);
      if (hit && hit.expiresAt > now()) return hit.app;
      const entry = load(appId);
      cache.delete(appId);
      cache.set(appId, entry);
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return entry.app;
    },
    close: unsubscribe,
  };
}
