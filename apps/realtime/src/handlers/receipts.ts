// ack (delivery) and read: the client's fire-and-forget receipts (protocol part 1 §5.3, §6.2).
// No reply; the fan-out sends `rcp` to senders that asked for receipts.
import { markRead } from "@parley/core";
import { Service } from "../protocol/constants.js";
import { actorOf, type CommandHandler } from "./types.js";

/**
 * `{cid, fromts, tots}`: every message of `cid` in [fromts, tots] reached this client. Coalesced
 * in memory (services.acks) and applied at most every ~250 ms per (conversation, client).
 */
export const handleAck: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const a = command.ackMessage;
    if (command.service === Service.liveQuery || !a?.cid || a.fromts === undefined || a.tots === undefined) return;
    services.acks.add(actorOf(session), a.cid, a.fromts, a.tots);
  },
};

/** `{convs: [{cid, timestamp, mid?}]}`: read up to `timestamp` (resets unread and mentioned). */
export const handleRead: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const convs = command.readMessage?.convs ?? [];
    if (convs.length === 0) return;
    await markRead(services.core, actorOf(session), {
      conversations: convs.map((t) => ({ conversationId: t.cid, timestamp: t.timestamp, messageId: t.mid })),
      sessionId: session.id,
    });
  },
};
