import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { BATCH_MAX, FailureCollector, type BatchResult } from "../shared/batch.js";
import { isValidClientId, uniqueIds } from "../shared/client-id.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp, loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { checkActionSignature, SignatureInput } from "../shared/signature.js";
import { mayInvite, standingOf } from "./policy.js";
import type { Member } from "./types.js";

export const AddMembersInput = z.object({
  conversationId: z.string().min(1),
  clientIds: z.array(z.string()).min(1).max(BATCH_MAX),
  signature: SignatureInput.optional(),
});
export type AddMembersInput = z.input<typeof AddMembersInput>;

export interface AddMembersResult extends BatchResult {
  /** The ids that were not members before (they hear `joined`). */
  added: string[];
}

/**
 * `conv add` / join / subscribe (protocol part 2, §5.1). Any member may invite; anyone may
 * add itself; in service conversations clients may only add themselves. Per id:
 * blocked → MEMBER_BLOCKED, over the member limit (normal conversations) → CONVERSATION_FULL,
 * malformed → INVALID_CLIENT_ID; an existing member counts as a success.
 * Events: `MembersJoined` to every member after the change (the added ones included);
 * to the subscriber only in service conversations; none pushed in chat rooms.
 */
export async function addMembers(deps: CoreDeps, actor: Actor, input: AddMembersInput): Promise<AddMembersResult> {
  const p = parseInput(AddMembersInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    let conversation = await loadConversation(tx, app.id, p.conversationId, now);
    if (conversation.kind === "temporary") throw new DomainError("CONVERSATION_NOT_ALLOWED", "temporary conversations have fixed members");
    // Only normal conversations have a member limit to count against: their adds are serialized
    // (and the count re-read under the lock). Chat rooms and service conversations take joins
    // concurrently - thousands of clients entering a room at once must not queue on one lock.
    if (conversation.kind === "normal") {
      await tx.locks.acquire(`conversation:${p.conversationId}`);
      conversation = await loadConversation(tx, app.id, p.conversationId, now);
    }

    const ids = uniqueIds(p.clientIds);
    if (actor.kind === "client") {
      const others = ids.filter((id) => id !== actor.clientId);
      if (others.length > 0) {
        if (conversation.kind === "service") throw new DomainError("CONVERSATION_NOT_ALLOWED", "clients may only subscribe themselves");
        const standing = standingOf(actor, conversation, await tx.members.get(conversation.id, actor.clientId));
        if (!mayInvite(standing)) throw new DomainError("MEMBERSHIP_REQUIRED", "only members may invite others");
      }
      if (app.settings.signatures.conversation) {
        // Signed over `m` as sent: the SDK's factory gets it sorted with any duplicates kept
        // (protocol part 2, §13.2); the de-duplicated list is accepted too.
        const signedLists = ids.length === p.clientIds.length ? [ids] : [p.clientIds, ids];
        const ok = signedLists.some((clientIds) =>
          checkActionSignature(deps, app.masterKey, p.signature, { appId: app.id, clientId: actor.clientId, conversationId: conversation.id, clientIds }, ["invite", "add"]),
        );
        if (!ok) throw new DomainError("CONVERSATION_SIGNATURE_FAILED", "conversation signature check failed");
      }
    }

    const failures = new FailureCollector();
    for (const id of ids) {
      if (!isValidClientId(id, app.settings.limits.clientIdLength)) failures.add("INVALID_CLIENT_ID", "invalid client id", id);
    }
    const candidates = ids.filter((id) => !failures.has(id));
    const existing = new Set((await tx.members.getMany(conversation.id, candidates)).map((m) => m.clientId));
    const blocked = new Set((await tx.moderation.getActiveBlocks(conversation.id, candidates.filter((id) => !existing.has(id)), new Date(now))).map((b) => b.clientId));
    let room = conversation.kind === "normal" ? app.settings.limits.membersPerConversation - conversation.memberCount : Infinity;
    const added: string[] = [];
    for (const id of candidates) {
      if (existing.has(id)) continue;
      if (blocked.has(id)) failures.add("MEMBER_BLOCKED", "blocked in this conversation", id);
      else if (room <= 0) failures.add("CONVERSATION_FULL", "conversation is full", id);
      else {
        added.push(id);
        room--;
      }
    }

    if (added.length > 0) {
      const joinedAt = new Date(now);
      // Chat-room membership is presence-like (no history, no offline messages): its commit need
      // not wait for the disk, which is what lets a room take thousands of joins a second.
      await tx.members.insert(
        added.map(
          (clientId): Member => ({
            conversationId: conversation.id,
            clientId,
            role: clientId === conversation.creator ? "Owner" : "Member",
            joinedAt,
            pushMuted: false,
            deliveredAt: 0,
            readAt: 0,
          }),
        ),
        { ephemeral: conversation.kind === "chatroom" },
      );
      // A chat room's or service conversation's members are not part of what clients see of it.
      if (conversation.kind === "normal") {
        await tx.conversations.update(app.id, conversation.id, { updatedAt: new Date(Math.max(now, conversation.updatedAt.getTime())) });
      }
      const recipients =
        conversation.kind === "chatroom" ? [] : conversation.kind === "service" ? added : await tx.members.listIds(conversation.id);
      await recordEvents(tx, [
        {
          type: "MembersJoined",
          appId: app.id,
          conversationId: conversation.id,
          conversationKind: conversation.kind,
          initBy: initiatorOf(actor),
          at: now,
          added,
          recipients,
        },
      ]);
    }
    return {
      conversationId: conversation.id,
      allowed: candidates.filter((id) => !failures.has(id)),
      added,
      failures: failures.list(),
    };
  });
}
