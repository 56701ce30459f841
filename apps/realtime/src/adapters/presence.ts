// Core's Presence port answered by this node's session hub. With several nodes this must ask
// every node (or a shared registry); until then a chat room's online count is this node's.
import type { Presence } from "@parley/core";
import type { SessionHub } from "../fanout/session-hub.js";

export function createHubPresence(hub: SessionHub): Presence {
  return {
    async onlineClientIds(appId, clientIds) {
      return hub.onlineClientIds(appId, clientIds);
    },
  };
}
