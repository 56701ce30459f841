import { z } from "zod";
import type { Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, type BatchResult } from "../shared/batch.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { recordEvents } from "../shared/record-events.js";
import { SignatureInput } from "../shared/signature.js";
import { assertBlockListAction, moderationEvent, resolveModerationTargets } from "./targets.js";

export const UnblockMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string().min(1)).min(1).max(BATCH_MAX),
  signature: SignatureInput.optional(),
});
export type UnblockMembersInput = z.input<typeof UnblockMembersInput>;

export type UnblockMembersResult = BatchResult;

/**
 * Blacklist `unblock`. Does not re-add anyone. Ids that were not blocked count as
 * successes. Emits `MembersUnblocked` for the ids that were blocked.
 */
export async function unblockMembers(deps: CoreDeps, actor: Actor, input: UnblockMembersInput): Promise<UnblockMembersResult> {
  const p = parseInput(UnblockMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const t = await resolveModerationTargets(tx, actor, p.conversationId, p.clientIds, "block", now);
    assertBlockListAction(deps, actor, t, p.signature, p.clientIds, "conversation-unblock-clients");
    const lifted = t.permitted.length > 0 ? await tx.moderation.deleteBlocks(t.conversation.id, t.permitted) : [];
    if (lifted.length > 0) await recordEvents(tx, [await moderationEvent(tx, actor, t, "MembersUnblocked", lifted, now)]);
    return { conversationId: t.conversation.id, allowed: t.permitted, failures: t.failures.list() };
  });
}
