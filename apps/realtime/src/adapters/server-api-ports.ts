// The server REST API's presence and kick ports for one realtime node. Alone, a node answers from
// its session hub; with a shared registry (REDIS_URL) both answer for every node.
import type { UnitOfWork } from "@parley/core";
import type { SessionHub } from "../fanout/session-hub.js";
import type { ServerApiKick, ServerApiPresence } from "../http/server-api/index.js";
import type { Logger } from "../logger.js";
import type { RedisPresence } from "./redis-presence.js";

export interface ServerApiPortsOptions {
  uow: UnitOfWork;
  /** This node's hub (undefined until the server exists: nothing is online here before that). */
  hub: () => SessionHub | undefined;
  /** The registry shared by every node; absent on a single node. */
  shared?: RedisPresence;
  logger: Logger;
  /** With a shared registry, a kick waits up to this long for the sessions to leave it. Default 2 s. */
  kickSettleMs?: number;
}

export interface ServerApiPorts {
  presence: ServerApiPresence;
  kick: ServerApiKick;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createServerApiPorts(options: ServerApiPortsOptions): ServerApiPorts {
  const { uow, hub, shared, logger } = options;
  const settleMs = options.kickSettleMs ?? 2_000;

  async function emitKick(appId: string, clientId: string, reason: string | null): Promise<void> {
    // Through the bus, so the client is closed on whichever node holds its sessions.
    await uow.run(async (tx) => {
      tx.emit([{ type: "ClientKicked", appId, clientId, reason, at: Date.now() }]);
    });
  }

  if (!shared) {
    return {
      presence: { onlineClientIds: async (appId, ids) => hub()?.onlineClientIds(appId, ids) ?? [] },
      kick: async (appId, clientId, reason) => {
        const sessions = hub()?.sessionsOf(appId, clientId).size ?? 0;
        await emitKick(appId, clientId, reason);
        return sessions;
      },
    };
  }

  return {
    presence: shared,
    async kick(appId, clientId, reason) {
      const sessions = await shared.sessionCount(appId, clientId);
      await emitKick(appId, clientId, reason);
      // Answer once the sessions are gone everywhere, so a check-online right after says offline.
      const deadline = Date.now() + settleMs;
      let left = sessions;
      while (left > 0 && Date.now() < deadline) {
        await sleep(20);
        left = await shared.sessionCount(appId, clientId);
      }
      if (left > 0) logger.warn("kick: sessions still registered after the wait", { appId, clientId, left, waitedMs: settleMs });
      logger.info("client kicked", { appId, clientId, sessions });
      return sessions;
    },
  };
}
