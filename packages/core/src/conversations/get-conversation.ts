import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";
import { buildRecords, type ConversationRecord } from "./record.js";

export const GetConversationInput = z.object({
  conversationId: z.string().min(1),
});
export type GetConversationInput = z.input<typeof GetConversationInput>;
export type GetConversationResult = ConversationRecord;

/** Exactly one conversation (any member or not may read it). Unknown → CONVERSATION_NOT_FOUND; expired → CONVERSATION_EXPIRED. */
export async function getConversation(deps: CoreDeps, actor: Actor, input: GetConversationInput): Promise<GetConversationResult> {
  const p = parseInput(GetConversationInput, input);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, now);
    const [record] = await buildRecords(tx, actor, [conversation], { includeMembers: true, now });
    return record!;
  });
}
