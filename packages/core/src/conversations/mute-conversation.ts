import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { setPushMuted } from "./set-push-muted.js";

export const MuteConversationInput = z.object({
  conversationId: z.string().min(1),
});
export type MuteConversationInput = z.input<typeof MuteConversationInput>;

export interface MuteConversationResult {
  /** New `updatedAt`, ISO 8601. */
  udate: string;
}

/** `conv mute`: no offline push for the requester in this conversation. Members only (MEMBERSHIP_REQUIRED). No events. */
export async function muteConversation(deps: CoreDeps, actor: Actor, input: MuteConversationInput): Promise<MuteConversationResult> {
  const p = parseInput(MuteConversationInput, input);
  return setPushMuted(deps, actor, p.conversationId, true);
}
