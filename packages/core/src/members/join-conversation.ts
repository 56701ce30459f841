import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import { requireClient } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { SignatureInput } from "../shared/signature.js";
import { addMembers } from "./add-members.js";

export const JoinConversationInput = z.object({
  conversationId: z.string().min(1),
  signature: SignatureInput.optional(),
});
export type JoinConversationInput = z.input<typeof JoinConversationInput>;

export interface JoinConversationResult {
  conversationId: string;
  /** False when the client already was a member. */
  joined: boolean;
}

/**
 * `join()` / `subscribe()`: add self. Unlike `addMembers`, a per-id failure is thrown
 * (the SDK rejects `join` with `failures[0]`): MEMBER_BLOCKED, CONVERSATION_FULL.
 */
export async function joinConversation(deps: CoreDeps, actor: Actor, input: JoinConversationInput): Promise<JoinConversationResult> {
  const p = parseInput(JoinConversationInput, input);
  const clientId = requireClient(actor);
  const result = await addMembers(deps, actor, { conversationId: p.conversationId, clientIds: [clientId], signature: p.signature });
  const failure = result.failures[0];
  if (failure) throw new DomainError(failure.code, failure.message, { clientIds: failure.clientIds });
  return { conversationId: result.conversationId, joined: result.added.length > 0 };
}
