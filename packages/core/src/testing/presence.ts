import type { Presence } from "../ports.js";

export interface InMemoryPresence extends Presence {
  setOnline(appId: string, clientId: string, online?: boolean): void;
}

export function createInMemoryPresence(): InMemoryPresence {
  const online = new Set<string>();
  const key = (appId: string, clientId: string) => `${appId}\u0000${clientId}`;
  return {
    setOnline(appId, clientId, isOnline = true) {
      if (isOnline) online.add(key(appId, clientId));
      else online.delete(key(appId, clientId));
    },
    async onlineClientIds(appId, clientIds) {
      return clientIds.filter((id) => online.has(key(appId, id)));
    },
  };
}
