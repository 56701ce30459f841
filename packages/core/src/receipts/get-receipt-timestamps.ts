import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";

export const GetReceiptTimestampsInput = z.object({
  conversationId: z.string().min(1),
  /** `queryAllMembers` (groupchat-receipts plugin): also per-member tuples. */
  allMembers: z.boolean().default(false),
});
export type GetReceiptTimestampsInput = z.input<typeof GetReceiptTimestampsInput>;

export interface MemberReceiptTimestamps {
  clientId: string;
  deliveredAt: number;
  readAt: number;
}

export interface GetReceiptTimestampsResult {
  /** `maxAckTimestamp`: the highest delivered watermark among the other members (ms, 0 = none). */
  maxAckTimestamp: number;
  /** `maxReadTimestamp`: the highest read watermark among the other members. */
  maxReadTimestamp: number;
  /** `maxReadTuples` when `allMembers`: every other member with a watermark. */
  members: MemberReceiptTimestamps[] | null;
}

/**
 * `conv max_read` (protocol part 1, §6.3). Chat rooms and service conversations answer
 * zeros (4.3.1 asks anyway). Client actors must be members (MEMBERSHIP_REQUIRED).
 */
export async function getReceiptTimestamps(deps: CoreDeps, actor: Actor, input: GetReceiptTimestampsInput): Promise<GetReceiptTimestampsResult> {
  const p = parseInput(GetReceiptTimestampsInput, input);
  return deps.uow.run(async (tx) => {
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, deps.clock.now());
    if (conversation.kind === "chatroom" || conversation.kind === "service") {
      return { maxAckTimestamp: 0, maxReadTimestamp: 0, members: p.allMembers ? [] : null };
    }
    const requester = actor.kind === "client" ? actor.clientId : null;
    const rows = await tx.members.listForConversations([conversation.id]);
    if (requester !== null && !rows.some((m) => m.clientId === requester)) {
      throw new DomainError("MEMBERSHIP_REQUIRED", "not a member of this conversation");
    }
    const others = rows.filter((m) => m.clientId !== requester);
    return {
      maxAckTimestamp: Math.max(0, ...others.map((m) => m.deliveredAt)),
      maxReadTimestamp: Math.max(0, ...others.map((m) => m.readAt)),
      members: p.allMembers
        ? others.filter((m) => m.deliveredAt > 0 || m.readAt > 0).map((m) => ({ clientId: m.clientId, deliveredAt: m.deliveredAt, readAt: m.readAt }))
        : null,
    };
  });
}
