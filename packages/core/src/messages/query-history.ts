import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import type { MessageBound, MessageRange } from "../ports.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { isExpired } from "../shared/load.js";
import type { Message } from "./types.js";

const Bound = z.object({
  timestamp: z.number().int(),
  /** Tie-break among messages with exactly this timestamp (`mid` / `tmid`). */
  messageId: z.string().min(1).optional(),
  /** `tIncluded` / `ttIncluded`. */
  inclusive: z.boolean().default(false),
});

export const HISTORY_DEFAULT_LIMIT = 20;

export const QueryHistoryInput = z.object({
  conversationId: z.string().min(1),
  /** Boundary A (`t`, `mid`, `tIncluded`): where the walk starts. */
  start: Bound.optional(),
  /** Boundary B (`tt`, `tmid`, `ttIncluded`): where it stops. */
  end: Bound.optional(),
  /** `old` (1, the default): from A towards older messages; `new` (2): towards newer ones. */
  direction: z.enum(["old", "new"]).default("old"),
  /** `l`: absent or ≤ 0 → 20; above the app's `historyPageMax` → that maximum. */
  limit: z.number().int().optional(),
  /** `lctype`: only JSON-object messages with this `_lctype`. */
  lcType: z.number().int().optional(),
  /** Console filter: only messages from this client. */
  from: z.string().optional(),
});
export type QueryHistoryInput = z.input<typeof QueryHistoryInput>;

export interface HistoryItem {
  message: Message;
  /** `ackAt`/`readAt`: for the requester's own messages in a two-member conversation, the other member's watermark once it covers the message. */
  ackAt: number | null;
  readAt: number | null;
}

export interface QueryHistoryResult {
  /** Always ascending by (timestamp, id), whatever the direction. */
  items: HistoryItem[];
}

/**
 * `logs` (protocol part 1, §8.2). Order is (timestamp, id). `old` takes the `limit`
 * messages closest to A going back (newest first, strictly before A unless inclusive;
 * no A = from the newest), stopping at B; `new` takes the oldest after A up to B.
 * A boundary with a message id compares (timestamp, id); without one, the timestamp alone.
 * Non-members → HISTORY_REJECTED (chat rooms are readable by anyone); server and
 * operator actors read everything. Transient messages are never stored.
 */
export async function queryHistory(deps: CoreDeps, actor: Actor, input: QueryHistoryInput): Promise<QueryHistoryResult> {
  const p = parseInput(QueryHistoryInput, input);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const requester = actor.kind === "client" ? actor.clientId : null;
    // The app, the conversation and the requester's membership in one read (no member list).
    const found = await tx.conversations.getForSend(actor.appId, p.conversationId, { senderId: requester, now: new Date(now), memberIds: "none" });
    if (!found) throw new DomainError("APP_NOT_FOUND", `unknown app ${actor.appId}`, { appId: actor.appId });
    const { app, conversation } = found;
    if (!conversation) throw new DomainError("CONVERSATION_NOT_FOUND", `unknown conversation ${p.conversationId}`, { conversationId: p.conversationId });
    if (isExpired(conversation, now)) {
      throw new DomainError("CONVERSATION_EXPIRED", `temporary conversation ${p.conversationId} expired`, { conversationId: p.conversationId });
    }
    if (requester !== null && conversation.kind !== "chatroom" && !found.senderIsMember) {
      throw new DomainError("HISTORY_REJECTED", "only members may read this history");
    }
    const max = app.settings.limits.historyPageMax;
    const limit = p.limit === undefined || p.limit <= 0 ? Math.min(HISTORY_DEFAULT_LIMIT, max) : Math.min(p.limit, max);
    const a: MessageBound | undefined = p.start && { timestamp: p.start.timestamp, messageId: p.start.messageId, inclusive: p.start.inclusive };
    const b: MessageBound | undefined = p.end && { timestamp: p.end.timestamp, messageId: p.end.messageId, inclusive: p.end.inclusive };
    const range: MessageRange = {
      conversationId: conversation.id,
      ...(p.direction === "old" ? { upper: a, lower: b, take: "newest" as const } : { lower: a, upper: b, take: "oldest" as const }),
      limit,
      lcType: p.lcType,
      from: p.from,
      visibleTo: requester ?? undefined,
    };
    if (range.lower === undefined) delete range.lower;
    if (range.upper === undefined) delete range.upper;
    const messages = await tx.messages.range(range);

    let other: { deliveredAt: number; readAt: number } | null = null;
    if (requester !== null && (conversation.kind === "normal" || conversation.kind === "temporary") && conversation.memberCount === 2) {
      const others = (await tx.members.listForConversations([conversation.id])).filter((m) => m.clientId !== requester);
      if (others[0]) other = { deliveredAt: others[0].deliveredAt, readAt: others[0].readAt };
    }
    return {
      items: messages.map((message) => {
        const own = other !== null && message.from === requester;
        return {
          message,
          ackAt: own && other!.deliveredAt >= message.timestamp ? other!.deliveredAt : null,
          readAt: own && other!.readAt >= message.timestamp ? other!.readAt : null,
        };
      }),
    };
  });
}
