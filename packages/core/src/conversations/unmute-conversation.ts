import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { setPushMuted } from "./set-push-muted.js";

export const UnmuteConversationInput = z.object({
  conversationId: z.string().min(1),
});
export type UnmuteConversationInput = z.input<typeof UnmuteConversationInput>;

export interface UnmuteConversationResult {
  /** New `updatedAt`, ISO 8601. */
  udate: string;
}

/** `conv unmute`: offline push again for the requester. Members only (MEMBERSHIP_REQUIRED). No events. */
export async function unmuteConversation(deps: CoreDeps, actor: Actor, input: UnmuteConversationInput): Promise<UnmuteConversationResult> {
  const p = parseInput(UnmuteConversationInput, input);
  return setPushMuted(deps, actor, p.conversationId, false);
}
