import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, FailureCollector, type BatchResult } from "../shared/batch.js";
import { uniqueIds } from "../shared/client-id.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp, loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { checkActionSignature, SignatureInput } from "../shared/signature.js";
import { assertMayModerate, mayModerateTarget, standingOf, targetRoleOf } from "./policy.js";

export const RemoveMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string()).min(1).max(BATCH_MAX),
  signature: SignatureInput.optional(),
});
export type RemoveMembersInput = z.input<typeof RemoveMembersInput>;

export interface RemoveMembersResult extends BatchResult {
  /** The ids that were members (they hear `left`). */
  removed: string[];
}

/**
 * `conv remove` / quit / unsubscribe (protocol part 2, §5.2). Anyone may remove itself;
 * removing others needs Owner or Manager (Managers: Members only) → else the whole request
 * fails with CONVERSATION_NOT_ALLOWED, or per id for a target of higher rank.
 * Non-members count as successes. Events: `MembersLeft` to the remaining members and
 * the removed ones (removed → `left`, others → `members_left`); subscriber only in
 * service conversations; none pushed in chat rooms.
 */
export async function removeMembers(deps: CoreDeps, actor: Actor, input: RemoveMembersInput): Promise<RemoveMembersResult> {
  const p = parseInput(RemoveMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    await tx.locks.acquire(`conversation:${p.conversationId}`);
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    const conversation = await loadConversation(tx, app.id, p.conversationId, now);
    if (conversation.kind === "temporary") throw new DomainError("CONVERSATION_NOT_ALLOWED", "temporary conversations have fixed members");

    const ids = uniqueIds(p.clientIds);
    const self = actor.kind === "client" ? actor.clientId : null;
    const others = ids.filter((id) => id !== self);
    const standing = standingOf(actor, conversation, self === null ? null : await tx.members.get(conversation.id, self));
    if (others.length > 0) {
      if (actor.kind === "client" && conversation.kind === "service") {
        throw new DomainError("CONVERSATION_NOT_ALLOWED", "clients may only unsubscribe themselves");
      }
      assertMayModerate(standing, "kick");
    }
    if (self !== null && app.settings.signatures.conversation) {
      // Signed over `m` as sent: the SDK's factory gets it sorted with any duplicates kept
      // (protocol part 2, §13.2); the de-duplicated list is accepted too.
      const signedLists = ids.length === p.clientIds.length ? [ids] : [p.clientIds, ids];
      const ok = signedLists.some((clientIds) =>
        checkActionSignature(deps, app.masterKey, p.signature, { appId: app.id, clientId: self, conversationId: conversation.id, clientIds }, ["kick", "remove"]),
      );
      if (!ok) throw new DomainError("CONVERSATION_SIGNATURE_FAILED", "conversation signature check failed");
    }

    const targets = new Map((await tx.members.getMany(conversation.id, ids)).map((m) => [m.clientId, m]));
    const failures = new FailureCollector();
    const toRemove: string[] = [];
    for (const id of ids) {
      const member = targets.get(id);
      if (!member) continue;
      if (id !== self && !mayModerateTarget(standing, "kick", targetRoleOf(conversation, member))) {
        failures.add("CONVERSATION_NOT_ALLOWED", "not allowed to remove this member", id);
      } else toRemove.push(id);
    }

    const removed = toRemove.length > 0 ? await tx.members.remove(conversation.id, toRemove) : [];
    if (removed.length > 0) {
      await tx.conversations.update(app.id, conversation.id, { updatedAt: new Date(Math.max(now, conversation.updatedAt.getTime())) });
      const recipients =
        conversation.kind === "chatroom"
          ? []
          : conversation.kind === "service"
            ? removed
            : [...(await tx.members.listIds(conversation.id)), ...removed];
      await recordEvents(tx, [
        {
          type: "MembersLeft",
          appId: app.id,
          conversationId: conversation.id,
          conversationKind: conversation.kind,
          initBy: initiatorOf(actor),
          at: now,
          removed,
          recipients,
        },
      ]);
    }
    return { conversationId: conversation.id, allowed: ids.filter((id) => !failures.has(id)), removed, failures: failures.list() };
  });
}
