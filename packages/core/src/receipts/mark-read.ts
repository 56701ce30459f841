import { z } from "zod";
import type { Actor, DomainEvent } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { isExpired } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { RECEIPTS_PER_CALL } from "./acknowledge-delivery.js";

export const MarkReadInput = z.object({
  /** `readMessage.convs`: one tuple per conversation. */
  conversations: z
    .array(
      z.object({
        conversationId: z.string().min(1),
        /** The client's `lastMessageAt` (ms); absent = now. Capped at now. */
        timestamp: z.number().int().optional(),
        /** `mid`, informative. */
        messageId: z.string().optional(),
      }),
    )
    .min(1)
    .max(1000),
  /** The reading session: its other sessions (other devices) are told their unread state changed. */
  sessionId: z.string().nullish(),
});
export type MarkReadInput = z.input<typeof MarkReadInput>;

export interface MarkReadResult {
  /** The read watermark per conversation that was updated (unknown, chat-room and non-member tuples are skipped). */
  conversations: { conversationId: string; readAt: number }[];
}

/**
 * `read` (protocol part 1, §6.2), fire-and-forget: raises the read (and delivered)
 * watermark, which resets the unread count and the mentioned flag. Emits `MessagesRead` per
 * conversation whose read watermark rose, listing the receipt-requesting messages from others
 * that became read (the fan-out sends `rcp {read: true}` to their senders, and a fresh `unread`
 * to the reader's other sessions).
 */
export async function markRead(deps: CoreDeps, actor: Actor, input: MarkReadInput): Promise<MarkReadResult> {
  const p = parseInput(MarkReadInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const found = await tx.conversations.getMany(actor.appId, p.conversations.map((c) => c.conversationId));
    const byId = new Map(found.map((c) => [c.id, c]));
    const out: MarkReadResult["conversations"] = [];
    const events: DomainEvent[] = [];
    for (const tuple of p.conversations) {
      const conversation = byId.get(tuple.conversationId);
      if (!conversation || conversation.kind === "chatroom" || isExpired(conversation, now)) continue;
      const readAt = Math.min(tuple.timestamp ?? now, now);
      const raised = await tx.receipts.raise(conversation.id, clientId, { readAt, deliveredAt: readAt }, now);
      if (!raised) continue;
      out.push({ conversationId: conversation.id, readAt: raised.after.readAt });
      if (raised.after.readAt <= raised.before.readAt) continue;
      const messages = await tx.messages.listReceiptRequests(conversation.id, {
        fromTs: raised.before.readAt + 1,
        toTs: raised.after.readAt,
        notFrom: clientId,
        limit: RECEIPTS_PER_CALL,
      });
      // Emitted for every raised read watermark, receipts or not: the reader's other devices
      // resynchronise their unread counts from it.
      events.push({
        type: "MessagesRead",
        appId: actor.appId,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: clientId,
        at: now,
        clientId,
        receipts: messages.map((m) => ({ messageId: m.id, from: m.from, timestamp: m.timestamp })),
        watermark: raised.after.readAt,
        originSessionId: p.sessionId ?? null,
      });
    }
    await recordEvents(tx, events);
    return { conversations: out };
  });
}
