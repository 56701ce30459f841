import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { loadConversation } from "../shared/load.js";

/** Shared by muteConversation / unmuteConversation: the requester's offline-push mute (`mu`). */
export async function setPushMuted(deps: CoreDeps, actor: Actor, conversationId: string, muted: boolean): Promise<{ udate: string }> {
  const clientId = requireClient(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const conversation = await loadConversation(tx, actor.appId, conversationId, now);
    if (conversation.kind === "temporary") throw new DomainError("CONVERSATION_NOT_ALLOWED", "temporary conversations cannot be muted");
    if (!(await tx.members.setPushMuted(conversation.id, clientId, muted))) {
      throw new DomainError("MEMBERSHIP_REQUIRED", "only members can mute a conversation");
    }
    const updatedAt = new Date(Math.max(now, conversation.updatedAt.getTime()));
    await tx.conversations.update(actor.appId, conversation.id, { updatedAt });
    return { udate: updatedAt.toISOString() };
  });
}
