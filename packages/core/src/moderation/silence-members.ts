import { z } from "zod";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, type BatchResult } from "../shared/batch.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { recordEvents } from "../shared/record-events.js";
import { moderationEvent, resolveModerationTargets } from "./targets.js";
import type { Silence } from "./types.js";

export const SilenceMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string().min(1)).min(1).max(BATCH_MAX),
  /** Lifted automatically after this many seconds; absent = until unsilenced. */
  durationSeconds: z.number().int().positive().max(10 * 365 * 86_400).optional(),
  reason: z.string().max(1000).optional(),
});
export type SilenceMembersInput = z.input<typeof SilenceMembersInput>;

export type SilenceMembersResult = BatchResult;

/**
 * `add_shutup` (protocol part 2, §9): the targets may not send messages (MEMBER_SILENCED).
 * Owner/Manager (Managers: Members and non-members only) or server/operator. Silencing
 * again replaces the expiry and reason. Emits `MembersSilenced` (targets → `shutuped`,
 * others → `members_shutuped`).
 */
export async function silenceMembers(deps: CoreDeps, actor: Actor, input: SilenceMembersInput): Promise<SilenceMembersResult> {
  const p = parseInput(SilenceMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const t = await resolveModerationTargets(tx, actor, p.conversationId, p.clientIds, "silence", now);
    if (t.permitted.length > 0) {
      const silencedBy = initiatorOf(actor);
      await tx.moderation.upsertSilences(
        t.permitted.map(
          (clientId): Silence => ({
            conversationId: t.conversation.id,
            clientId,
            silencedBy,
            reason: p.reason ?? null,
            createdAt: new Date(now),
            expiresAt: p.durationSeconds === undefined ? null : new Date(now + p.durationSeconds * 1000),
          }),
        ),
      );
      await recordEvents(tx, [await moderationEvent(tx, actor, t, "MembersSilenced", t.permitted, now)]);
    }
    return { conversationId: t.conversation.id, allowed: t.permitted, failures: t.failures.list() };
  });
}
