import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { recordEvents } from "../shared/record-events.js";

export const DeleteConversationInput = z.object({
  conversationId: z.string().min(1),
});
export type DeleteConversationInput = z.input<typeof DeleteConversationInput>;

export interface DeleteConversationResult {
  conversationId: string;
  /** Who was a member (they hear `ConversationDeleted`). */
  formerMembers: string[];
}

/** Deletes a conversation with its members, moderation rows and messages. Server and operator actors only. */
export async function deleteConversation(deps: CoreDeps, actor: Actor, input: DeleteConversationInput): Promise<DeleteConversationResult> {
  const p = parseInput(DeleteConversationInput, input);
  assertMayWrite(actor);
  if (actor.kind === "client") throw new DomainError("CONVERSATION_NOT_ALLOWED", "clients cannot delete conversations");
  return deps.uow.run(async (tx) => {
    await tx.locks.acquire(`conversation:${p.conversationId}`);
    const conversation = await tx.conversations.get(actor.appId, p.conversationId);
    if (!conversation) throw new DomainError("CONVERSATION_NOT_FOUND", `unknown conversation ${p.conversationId}`);
    const formerMembers = await tx.members.listIds(conversation.id);
    await tx.conversations.delete(actor.appId, conversation.id);
    await recordEvents(tx, [
      {
        type: "ConversationDeleted",
        appId: actor.appId,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: initiatorOf(actor),
        at: deps.clock.now(),
        recipients: conversation.kind === "chatroom" ? [] : formerMembers,
      },
    ]);
    return { conversationId: conversation.id, formerMembers };
  });
}
