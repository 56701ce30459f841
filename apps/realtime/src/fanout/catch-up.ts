// After `session/opened`: the unread snapshot (protocol part 1 §6.4) and the patches the client
// missed since its lastPatchTime (§7.4). Version-3 clients get no redelivery of messages: they
// learn about them here and fetch them with `logs`.
import { listPatchesSince, listUndelivered, listUnread } from "@parley/core";
import type { Session } from "../connection/session.js";
import type { RealtimeCoreDeps, SessionOpenedInfo } from "../handlers/types.js";
import { actorOf } from "../handlers/types.js";
import type { Logger } from "../logger.js";
import { CommandType, OpType } from "../protocol/constants.js";
import { directPush, patchItem, unreadTuple } from "../protocol/records.js";

/** Patches per `patch` push; more are sent as further pushes. */
const PATCHES_PER_PUSH = 500;
/** Offline messages pushed to a protocol-version-1 client per login. */
const OFFLINE_MESSAGES_PER_LOGIN = 500;

export interface CatchUp {
  sessionOpened(session: Session, info: SessionOpenedInfo): Promise<void>;
}

export function createCatchUp({ core }: { core: RealtimeCoreDeps; logger: Logger }): CatchUp {
  async function pushUnread(session: Session, since: number | undefined): Promise<void> {
    const unread = await listUnread(core, actorOf(session), { since });
    session.connection.send({
      cmd: CommandType.unread,
      peerId: session.clientId,
      unreadMessage: { notifTime: unread.notifTime, convs: unread.conversations.map(unreadTuple) },
    });
  }

  async function pushPatches(session: Session, since: number): Promise<void> {
    for (let cursor = since; ; ) {
      const page = await listPatchesSince(core, actorOf(session), { since: cursor, limit: PATCHES_PER_PUSH });
      if (page.messages.length === 0) return;
      const patches = page.messages.map((m) => patchItem(m, m.recalled));
      session.connection.send({ cmd: CommandType.patch, op: OpType.modify, peerId: session.clientId, patchMessage: { patches } });
      if (!page.hasMore) return;
      cursor = page.messages[page.messages.length - 1]!.patchTimestamp ?? cursor;
    }
  }

  /**
   * Protocol version 1 (the v4 SDK's `pushOfflineMessages`): the messages themselves instead of
   * unread counts, as `direct` pushes flagged `offline`, the last one with `hasMore` when more
   * are waiting. The client acks them like live messages; a re-login continues after the acks.
   */
  async function pushOfflineMessages(session: Session): Promise<void> {
    const { messages, hasMore } = await listUndelivered(core, actorOf(session), { limit: OFFLINE_MESSAGES_PER_LOGIN });
    messages.forEach((message, i) => {
      const last = i === messages.length - 1;
      session.connection.send({
        cmd: CommandType.direct,
        peerId: session.clientId,
        directMessage: { ...directPush(message, false), offline: true, ...(last && hasMore && { hasMore: true }) },
      });
    });
  }

  return {
    async sessionOpened(session, info) {
      if (session.connection.transport.protocolVersion === 1) await pushOfflineMessages(session);
      else await pushUnread(session, info.lastUnreadNotifTime);
      if (info.lastPatchTime !== undefined) await pushPatches(session, info.lastPatchTime);
    },
  };
}
