// Will messages (掉线消息, protocol part 1 §9.1): acknowledged at once but held with the sending
// session; delivered when that session ends without session/close (socket lost, read timeout,
// kicked), dropped on a clean logout. Held in this node's memory: a crash loses them.
import { deliverWillMessage, type Message } from "@parley/core";
import type { Session, SessionEndReason } from "../connection/session.js";
import type { RealtimeCoreDeps } from "../handlers/types.js";
import { actorOf } from "../handlers/types.js";
import type { Logger } from "../logger.js";

/** Session ends that count as "went offline". A replaced or shut-down session's client is still (or soon again) online. */
const DELIVER_ON: ReadonlySet<SessionEndReason> = new Set<SessionEndReason>(["disconnect", "conflict", "kicked"]);

export interface WillMessages {
  hold(session: Session, message: Message): void;
  sessionEnded(session: Session, reason: SessionEndReason): Promise<void>;
}

export function createWillMessages({ core, logger }: { core: RealtimeCoreDeps; logger: Logger }): WillMessages {
  const held = new Map<string, { session: Session; messages: Message[] }>();
  async function deliver(session: Session, messages: readonly Message[]): Promise<void> {
    for (const m of messages) {
      const input = {
        conversationId: m.conversationId,
        messageId: m.id,
        content: m.content,
        receipt: m.receipt,
        mentionPids: m.mentionPids,
        mentionAll: m.mentionAll,
        pushData: m.pushData,
        priority: m.priority,
      };
      // Membership, blocks and silences are checked again by core; a refusal drops the will.
      await deliverWillMessage(core, actorOf(session), input).catch((err: unknown) =>
        logger.info("will message dropped", { clientId: session.clientId, conversationId: m.conversationId, err }),
      );
    }
  }

  return {
    hold(session, message) {
      // The socket may have gone while the message was being checked: then it is due now.
      if (session.connection.sessions.get(session.clientId) !== session) {
        void deliver(session, [message]);
        return;
      }
      const entry = held.get(session.id) ?? { session, messages: [] };
      entry.messages.push(message);
      held.set(session.id, entry);
    },
    async sessionEnded(session, reason) {
      const entry = held.get(session.id);
      held.delete(session.id);
      if (entry && DELIVER_ON.has(reason)) await deliver(session, entry.messages);
    },
  };
}
