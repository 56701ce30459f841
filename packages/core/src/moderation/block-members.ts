import { z } from "zod";
import { initiatorOf, type Actor, type DomainEvent } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, type BatchResult } from "../shared/batch.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { recordEvents } from "../shared/record-events.js";
import { SignatureInput } from "../shared/signature.js";
import { assertBlockListAction, moderationEvent, resolveModerationTargets } from "./targets.js";
import type { Block } from "./types.js";

export const BlockMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string().min(1)).min(1).max(BATCH_MAX),
  reason: z.string().max(1000).optional(),
  /** Lifted automatically after this many seconds; absent = until unblocked. The SDK never sends it (server/console option). */
  durationSeconds: z.number().int().positive().max(10 * 365 * 86_400).optional(),
  signature: SignatureInput.optional(),
});
export type BlockMembersInput = z.input<typeof BlockMembersInput>;

export interface BlockMembersResult extends BatchResult {
  /** Targets that were members and were removed. */
  removed: string[];
}

/**
 * Blacklist `block` (protocol part 2, §8). Blocking again replaces the reason and expiry; an
 * expired block counts as absent (the client may rejoin or be added).
 * Feature `blockList`; blacklist signature when
 * enabled (`…:conversation-block-clients`). Same rights as silencing. Blocked clients
 * that are members are removed, and none can join or be added until unblocked.
 * Emits `MembersBlocked` (targets → `blocked`, others → `members_blocked`), then
 * `MembersLeft` for the removed ones.
 */
export async function blockMembers(deps: CoreDeps, actor: Actor, input: BlockMembersInput): Promise<BlockMembersResult> {
  const p = parseInput(BlockMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const t = await resolveModerationTargets(tx, actor, p.conversationId, p.clientIds, "block", now);
    assertBlockListAction(deps, actor, t, p.signature, p.clientIds, "conversation-block-clients");
    let removed: string[] = [];
    if (t.permitted.length > 0) {
      const blockedBy = initiatorOf(actor);
      const expiresAt = p.durationSeconds === undefined ? null : new Date(now + p.durationSeconds * 1000);
      await tx.moderation.upsertBlocks(
        t.permitted.map(
          (clientId): Block => ({ conversationId: t.conversation.id, clientId, blockedBy, reason: p.reason ?? null, createdAt: new Date(now), expiresAt }),
        ),
      );
      const wereMembers = t.permitted.filter((id) => t.memberIds.has(id));
      removed = wereMembers.length > 0 ? await tx.members.remove(t.conversation.id, wereMembers) : [];
      const base = { appId: t.app.id, conversationId: t.conversation.id, conversationKind: t.conversation.kind, initBy: blockedBy, at: now };
      const events: DomainEvent[] = [await moderationEvent(tx, actor, t, "MembersBlocked", t.permitted, now)];
      if (removed.length > 0) {
        await tx.conversations.update(t.app.id, t.conversation.id, { updatedAt: new Date(Math.max(now, t.conversation.updatedAt.getTime())) });
        const recipients =
          t.conversation.kind === "chatroom"
            ? []
            : t.conversation.kind === "service"
              ? removed
              : [...(await tx.members.listIds(t.conversation.id)), ...removed];
        events.push({ ...base, type: "MembersLeft", removed, recipients });
      }
      await recordEvents(tx, events);
    }
    return { conversationId: t.conversation.id, allowed: t.permitted, failures: t.failures.list(), removed };
  });
}
