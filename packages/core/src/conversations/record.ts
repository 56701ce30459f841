import type { Actor } from "../events.js";
import type { Member } from "../members/types.js";
import type { Transaction } from "../ports.js";
import { sortIds } from "../shared/client-id.js";
import type { Conversation } from "./types.js";

/**
 * A conversation as a query result, with what the adapter needs to serialise
 * LeanCloud's raw `_Conversation` record for one requester.
 */
export interface ConversationRecord {
  conversation: Conversation;
  /** `m`: null when it must not be sent (chat rooms, compact queries). */
  members: string[] | null;
  /** `mu`. */
  mutedMembers: string[];
  /** Raw `muted`: the requester is in `mu`. */
  muted: boolean;
  /** Service conversations only: whether the requester is subscribed, and since when. */
  joined: boolean | null;
  joinedAt: Date | null;
  /** Temporary conversations only: seconds left before expiry (`ttl`). */
  ttlSeconds: number | null;
}

/**
 * Builds records for `conversations` with at most two batched member reads. Member lists
 * are loaded for normal and temporary conversations only: chat rooms and service
 * conversations can be huge and the SDK never shows their member lists, so for them
 * only the requester's own row is read (`mu` then lists at most the requester).
 */
export async function buildRecords(
  tx: Transaction,
  actor: Actor,
  conversations: readonly Conversation[],
  options: { includeMembers: boolean; now: number },
): Promise<ConversationRecord[]> {
  if (conversations.length === 0) return [];
  const requester = actor.kind === "client" ? actor.clientId : null;
  const small = conversations.filter((c) => c.kind === "normal" || c.kind === "temporary").map((c) => c.id);
  const large = conversations.filter((c) => c.kind === "chatroom" || c.kind === "service").map((c) => c.id);
  const rows = [
    ...(small.length > 0 ? await tx.members.listForConversations(small) : []),
    ...(large.length > 0 && requester !== null ? await tx.members.getForClient(requester, large) : []),
  ];
  const byConversation = new Map<string, Member[]>();
  for (const m of rows) {
    let list = byConversation.get(m.conversationId);
    if (!list) byConversation.set(m.conversationId, (list = []));
    list.push(m);
  }
  return conversations.map((conversation) => {
    const members = byConversation.get(conversation.id) ?? [];
    const own = requester === null ? undefined : members.find((m) => m.clientId === requester);
    const listed = conversation.kind === "normal" || conversation.kind === "temporary";
    const service = conversation.kind === "service";
    return {
      conversation,
      members: options.includeMembers && listed ? sortIds(members.map((m) => m.clientId)) : null,
      mutedMembers: sortIds(members.filter((m) => m.pushMuted).map((m) => m.clientId)),
      muted: own?.pushMuted ?? false,
      joined: service ? own !== undefined : null,
      joinedAt: service ? (own?.joinedAt ?? null) : null,
      ttlSeconds:
        conversation.expiresAt === null ? null : Math.max(0, Math.ceil((conversation.expiresAt.getTime() - options.now) / 1000)),
    };
  });
}
