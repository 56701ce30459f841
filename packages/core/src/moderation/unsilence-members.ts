import { z } from "zod";
import type { Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, type BatchResult } from "../shared/batch.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { recordEvents } from "../shared/record-events.js";
import { moderationEvent, resolveModerationTargets } from "./targets.js";

export const UnsilenceMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string().min(1)).min(1).max(BATCH_MAX),
});
export type UnsilenceMembersInput = z.input<typeof UnsilenceMembersInput>;

export type UnsilenceMembersResult = BatchResult;

/**
 * `remove_shutup`. Same rights as silencing; ids that were not silenced count as
 * successes. Emits `MembersUnsilenced` for the ids that were silenced.
 */
export async function unsilenceMembers(deps: CoreDeps, actor: Actor, input: UnsilenceMembersInput): Promise<UnsilenceMembersResult> {
  const p = parseInput(UnsilenceMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const t = await resolveModerationTargets(tx, actor, p.conversationId, p.clientIds, "silence", now);
    const lifted = t.permitted.length > 0 ? await tx.moderation.deleteSilences(t.conversation.id, t.permitted) : [];
    if (lifted.length > 0) await recordEvents(tx, [await moderationEvent(tx, actor, t, "MembersUnsilenced", lifted, now)]);
    return { conversationId: t.conversation.id, allowed: t.permitted, failures: t.failures.list() };
  });
}
