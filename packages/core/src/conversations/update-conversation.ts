import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { mayUpdateAttributes, standingOf } from "../members/policy.js";
import { assertMayWrite } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { applyAttributeUpdate } from "./attributes.js";
import type { Attributes, Conversation } from "./types.js";

export const UpdateConversationInput = z.object({
  conversationId: z.string().min(1),
  /** `attr` as sent: top-level names or dotted paths → value or `{"__op": …}`. */
  attributes: z.record(z.string(), z.json()),
});
export type UpdateConversationInput = z.input<typeof UpdateConversationInput>;

export interface UpdateConversationResult {
  conversation: Conversation;
  /** New `updatedAt`, ISO 8601 (the reply's `udate`). */
  udate: string;
  /** `attrModified`: resulting value per key as sent. */
  attrModified: Attributes;
}

/**
 * `conv update` (protocol part 2, §4). Members only (CONVERSATION_UPDATE_REJECTED),
 * except server and operator actors; service conversations are changed by those only.
 * Temporary conversations have no attributes. Reserved keys → INVALID_INPUT.
 */
export async function updateConversation(deps: CoreDeps, actor: Actor, input: UpdateConversationInput): Promise<UpdateConversationResult> {
  const p = parseInput(UpdateConversationInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    await tx.locks.acquire(`conversation:${p.conversationId}`);
    const now = deps.clock.now();
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, now);
    if (conversation.kind === "temporary") {
      throw new DomainError("CONVERSATION_NOT_ALLOWED", "temporary conversations have no attributes");
    }
    if (actor.kind === "client") {
      const member = await tx.members.get(conversation.id, actor.clientId);
      if (conversation.kind === "service" || !mayUpdateAttributes(standingOf(actor, conversation, member))) {
        throw new DomainError("CONVERSATION_UPDATE_REJECTED", "only members may update this conversation");
      }
    }
    const attr = p.attributes as Attributes;
    const update = applyAttributeUpdate(conversation, attr);
    const updatedAt = new Date(Math.max(now, conversation.updatedAt.getTime()));
    const updated = await tx.conversations.update(actor.appId, conversation.id, {
      name: update.name,
      attributes: update.attributes,
      updatedAt,
    });
    if (!updated) throw new DomainError("CONVERSATION_NOT_FOUND", `unknown conversation ${conversation.id}`);
    const udate = updatedAt.toISOString();
    await recordEvents(tx, [
      {
        type: "ConversationUpdated",
        appId: actor.appId,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: initiatorOf(actor),
        at: now,
        attr,
        udate,
        recipients: await tx.members.listIds(conversation.id),
      },
    ]);
    return { conversation: updated, udate, attrModified: update.modified };
  });
}
