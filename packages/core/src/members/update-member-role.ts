import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp, loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { assertMayModerate, mayModerateTarget, standingOf, targetRoleOf } from "./policy.js";
import type { MemberRole } from "./types.js";

export const UpdateMemberRoleInput = z.object({
  conversationId: z.string().min(1),
  clientId: z.string().min(1),
  role: z.enum(["Owner", "Manager", "Member"]),
});
export type UpdateMemberRoleInput = z.input<typeof UpdateMemberRoleInput>;

export interface UpdateMemberRoleResult {
  conversationId: string;
  clientId: string;
  role: MemberRole;
}

/**
 * `member_info_update` (protocol part 2, §7.2). Normal conversations only, feature
 * `memberRoles`. Owner cannot be granted (OWNER_PROMOTION_NOT_ALLOWED); only the Owner
 * (or a server/operator) changes roles; the Owner's own role never changes.
 * Emits `MemberRoleChanged` to every member (the actor included).
 */
export async function updateMemberRole(deps: CoreDeps, actor: Actor, input: UpdateMemberRoleInput): Promise<UpdateMemberRoleResult> {
  const p = parseInput(UpdateMemberRoleInput, input);
  assertMayWrite(actor);
  if (p.role === "Owner") throw new DomainError("OWNER_PROMOTION_NOT_ALLOWED", "the Owner role cannot be granted");
  return deps.uow.run(async (tx) => {
    await tx.locks.acquire(`conversation:${p.conversationId}`);
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    if (!app.settings.features.memberRoles) throw new DomainError("FEATURE_DISABLED", "member roles are disabled for this app");
    const conversation = await loadConversation(tx, app.id, p.conversationId, now);
    if (conversation.kind !== "normal") throw new DomainError("NORMAL_CONVERSATION_REQUIRED", "roles exist in normal conversations only");
    const own = actor.kind === "client" ? await tx.members.get(conversation.id, actor.clientId) : null;
    const standing = standingOf(actor, conversation, own);
    assertMayModerate(standing, "changeRole");
    const target = await tx.members.get(conversation.id, p.clientId);
    if (!target) throw new DomainError("MEMBERSHIP_REQUIRED", `${p.clientId} is not a member`);
    if (!mayModerateTarget(standing, "changeRole", targetRoleOf(conversation, target))) {
      throw new DomainError("CONVERSATION_NOT_ALLOWED", "the Owner's role cannot change");
    }
    await tx.members.setRole(conversation.id, p.clientId, p.role);
    await recordEvents(tx, [
      {
        type: "MemberRoleChanged",
        appId: app.id,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: initiatorOf(actor),
        at: now,
        clientId: p.clientId,
        role: p.role,
        recipients: await tx.members.listIds(conversation.id),
      },
    ]);
    return { conversationId: conversation.id, clientId: p.clientId, role: p.role };
  });
}
