// The three `_Conversation`-backed path families (§2.1, §2.4, §2.5) and the check that a path's
// conversation is of that family's kind (e.g. /chatrooms/{id} on a normal conversation → 4316).
import { DomainError, queryConversations, type DomainErrorCode } from "@parley/core";
import type { ServerApiContext } from "../context.js";

export type FamilyKind = "normal" | "chatroom" | "service";

export interface Family {
  /** Path segment under /1.2/rtm. */
  path: "/conversations" | "/chatrooms" | "/service-conversations";
  kind: FamilyKind;
  /** Added to every query's `where`, so a family lists only its own kind (§2.1.2 [Rec]). */
  where: Record<string, boolean>;
  wrongKind: DomainErrorCode;
}

export const CONVERSATIONS: Family = {
  path: "/conversations",
  kind: "normal",
  where: { tr: false, sys: false },
  wrongKind: "NORMAL_CONVERSATION_REQUIRED",
};
export const CHATROOMS: Family = { path: "/chatrooms", kind: "chatroom", where: { tr: true }, wrongKind: "TRANSIENT_CONVERSATION_REQUIRED" };
export const SERVICE_CONVERSATIONS: Family = {
  path: "/service-conversations",
  kind: "service",
  where: { sys: true },
  wrongKind: "SYSTEM_CONVERSATION_REQUIRED",
};

export const FAMILIES: readonly Family[] = [CONVERSATIONS, CHATROOMS, SERVICE_CONVERSATIONS];

/**
 * Refuses a conversation of another kind with the family's 4313/4314/4316. An unknown id passes,
 * so the use case that follows reports it with its own code (e.g. 4401 for a send). Temporary
 * conversations (`_tmp:` ids) belong to no family.
 */
export async function assertFamily(ctx: ServerApiContext, family: Family, conversationId: string): Promise<void> {
  const wrong = () => new DomainError(family.wrongKind, `${conversationId} is not a ${family.kind} conversation`);
  if (conversationId.startsWith("_tmp:")) throw wrong();
  const { records } = await queryConversations(ctx.deps, ctx.actor(), {
    where: { objectId: conversationId },
    limit: 1,
    includeMembers: false,
  });
  const kind = records[0]?.conversation.kind;
  if (kind !== undefined && kind !== family.kind) throw wrong();
}
