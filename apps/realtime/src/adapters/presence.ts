// Core's Presence port for a realtime node. On its own a node answers from its session hub; when
// several nodes run (REDIS_URL), the shared registry attached to the hub answers for all of them
// (a chat room's online count, session/query). The realtime core builds this port from the hub
// alone, so the registry is found through the hub it was attached to.
import type { Presence } from "@parley/core";
import type { SessionHub } from "../fanout/session-hub.js";

const shared = new WeakMap<SessionHub, Presence>();

/** From now on `createHubPresence(hub)` answers through `presence`. Returns the function that undoes it. */
export function shareHubPresence(hub: SessionHub, presence: Presence): () => void {
  shared.set(hub, presence);
  return () => {
    if (shared.get(hub) === presence) shared.delete(hub);
  };
}

export function createHubPresence(hub: SessionHub): Presence {
  return {
    async onlineClientIds(appId, clientIds) {
      const registry = shared.get(hub);
      return registry ? registry.onlineClientIds(appId, clientIds) : hub.onlineClientIds(appId, clientIds);
    },
  };
}
