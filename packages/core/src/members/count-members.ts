import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";

export const CountMembersInput = z.object({
  conversationId: z.string().min(1),
});
export type CountMembersInput = z.input<typeof CountMembersInput>;

export interface CountMembersResult {
  count: number;
}

/**
 * `conv count` (protocol part 2, §5.5): members of normal and temporary conversations,
 * subscribers of service conversations, and for chat rooms the joined clients that are
 * online now (through `deps.presence`; without it, the joined clients).
 */
export async function countMembers(deps: CoreDeps, actor: Actor, input: CountMembersInput): Promise<CountMembersResult> {
  const p = parseInput(CountMembersInput, input);
  const { conversation, joined } = await deps.uow.run(async (tx) => {
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, deps.clock.now());
    const joined = conversation.kind === "chatroom" && deps.presence ? await tx.members.listIds(conversation.id) : null;
    return { conversation, joined };
  });
  if (joined !== null && deps.presence) {
    return { count: (await deps.presence.onlineClientIds(actor.appId, joined)).length };
  }
  return { count: conversation.memberCount };
}
