import { z } from "zod";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { SignatureInput } from "../shared/signature.js";
import { removeMembers } from "./remove-members.js";

export const QuitConversationInput = z.object({
  conversationId: z.string().min(1),
  signature: SignatureInput.optional(),
});
export type QuitConversationInput = z.input<typeof QuitConversationInput>;

export interface QuitConversationResult {
  conversationId: string;
  /** False when the client was not a member. */
  left: boolean;
}

/** `quit()` / `unsubscribe()`: remove self. Always allowed for a member (the Owner too). */
export async function quitConversation(deps: CoreDeps, actor: Actor, input: QuitConversationInput): Promise<QuitConversationResult> {
  const p = parseInput(QuitConversationInput, input);
  const clientId = requireClient(actor);
  const result = await removeMembers(deps, actor, { conversationId: p.conversationId, clientIds: [clientId], signature: p.signature });
  return { conversationId: result.conversationId, left: result.removed.length > 0 };
}
