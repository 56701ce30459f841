import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor, DomainEvent } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";

/** How many receipt-requesting messages one ack or read reports at most (the newest). */
export const RECEIPTS_PER_CALL = 100;

export const AcknowledgeDeliveryInput = z.object({
  conversationId: z.string().min(1),
  /** `fromts`/`tots`: the oldest and newest timestamps of the acknowledged messages (ms). */
  fromTs: z.number().int(),
  toTs: z.number().int(),
});
export type AcknowledgeDeliveryInput = z.input<typeof AcknowledgeDeliveryInput>;

export interface Receipt {
  messageId: string;
  /** The message's sender (who receives the `rcp`). */
  from: string;
  timestamp: number;
}

export interface AcknowledgeDeliveryResult {
  /** The client's delivered watermark afterwards. */
  watermark: number;
  /** Receipt-requesting messages from others in [fromTs, toTs]. */
  receipts: Receipt[];
}

/**
 * The client's delivery `ack` (protocol part 1, §5.3): raises its delivered watermark to
 * `toTs` (capped at now) and, when some covered messages asked for receipts, emits
 * `MessagesDelivered` (the fan-out sends `rcp` to each message's sender). Chat rooms
 * have no receipts (no-op). Not a member → MEMBERSHIP_REQUIRED.
 */
export async function acknowledgeDelivery(deps: CoreDeps, actor: Actor, input: AcknowledgeDeliveryInput): Promise<AcknowledgeDeliveryResult> {
  const p = parseInput(AcknowledgeDeliveryInput, input);
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, now);
    if (conversation.kind === "chatroom") return { watermark: 0, receipts: [] };
    const toTs = Math.min(p.toTs, now);
    const raised = await tx.receipts.raise(conversation.id, clientId, { deliveredAt: toTs }, now);
    if (!raised) throw new DomainError("MEMBERSHIP_REQUIRED", "not a member of this conversation");
    const messages =
      p.fromTs <= toTs
        ? await tx.messages.listReceiptRequests(conversation.id, { fromTs: p.fromTs, toTs, notFrom: clientId, limit: RECEIPTS_PER_CALL })
        : [];
    const receipts = messages.map((m) => ({ messageId: m.id, from: m.from, timestamp: m.timestamp }));
    if (receipts.length > 0) {
      await recordEvents(tx, [
        {
          type: "MessagesDelivered",
          appId: actor.appId,
          conversationId: conversation.id,
          conversationKind: conversation.kind,
          initBy: clientId,
          at: now,
          clientId,
          receipts,
          watermark: raised.after.deliveredAt,
        },
      ]);
    }
    return { watermark: raised.after.deliveredAt, receipts };
  });
}

export interface DeliveryAck {
  actor: Actor;
  conversationId: string;
  fromTs: number;
  toTs: number;
}

/**
 * Many delivery acks (possibly of several apps) in one unit of work and three statements: the
 * watermarks in one batch update, the receipt-requesting messages of every range in one read,
 * then one `MessagesDelivered` per ack that covered some. Acks of non-members, chat rooms and
 * expired temporary conversations are dropped silently (an ack has no reply), as are malformed
 * ones. Same outcome as
 * `acknowledgeDelivery` for each ack, at a fraction of the cost.
 */
export async function acknowledgeDeliveries(deps: CoreDeps, acks: readonly DeliveryAck[]): Promise<AcknowledgeDeliveryResult[]> {
  // One bad ack must not cost the others theirs: invalid ones (and non-client actors) are skipped.
  const items = acks.flatMap((a) => {
    const p = AcknowledgeDeliveryInput.safeParse(a);
    if (!p.success || a.actor.kind !== "client") return [];
    return [{ appId: a.actor.appId, clientId: a.actor.clientId, conversationId: p.data.conversationId, fromTs: p.data.fromTs, toTs: p.data.toTs }];
  });
  if (items.length === 0) return [];
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const raised = await tx.receipts.raiseDeliveredMany(
      items.map((i) => ({ appId: i.appId, conversationId: i.conversationId, clientId: i.clientId, deliveredAt: Math.min(i.toTs, now) })),
      now,
      new Date(now),
    );
    const byKey = new Map(raised.map((r) => [`${r.conversationId}\u0000${r.clientId}`, r]));
    const applied = items.flatMap((i) => {
      const r = byKey.get(`${i.conversationId}\u0000${i.clientId}`);
      return r ? [{ ...i, toTs: Math.min(i.toTs, now), raised: r }] : [];
    });
    const ranged = applied.filter((a) => a.fromTs <= a.toTs);
    const found = await tx.messages.listReceiptRequestsMany(
      ranged.map((a) => ({ conversationId: a.conversationId, fromTs: a.fromTs, toTs: a.toTs, notFrom: a.clientId })),
      RECEIPTS_PER_CALL,
    );
    const events: DomainEvent[] = [];
    const results: AcknowledgeDeliveryResult[] = [];
    ranged.forEach((a, n) => {
      const receipts = found[n]!.map((m) => ({ messageId: m.id, from: m.from, timestamp: m.timestamp }));
      results.push({ watermark: a.raised.after, receipts });
      if (receipts.length === 0) return;
      events.push({
        type: "MessagesDelivered",
        appId: a.appId,
        conversationId: a.conversationId,
        conversationKind: a.raised.kind,
        initBy: a.clientId,
        at: now,
        clientId: a.clientId,
        receipts,
        watermark: a.raised.after,
      });
    });
    await recordEvents(tx, events);
    return results;
  });
}
