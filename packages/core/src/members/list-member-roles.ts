import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadConversation } from "../shared/load.js";
import { roleOf } from "./policy.js";
import type { MemberRole } from "./types.js";

export const ListMemberRolesInput = z.object({
  conversationId: z.string().min(1),
});
export type ListMemberRolesInput = z.input<typeof ListMemberRolesInput>;

export interface MemberRoleInfo {
  conversationId: string;
  clientId: string;
  role: MemberRole;
  joinedAt: Date;
}

export interface ListMemberRolesResult {
  members: MemberRoleInfo[];
}

/**
 * Roles of every member (REST `_ConversationMemberInfo`, protocol part 2, §7.4): the creator
 * reads as Owner, others as stored (default Member). All rows, by client id.
 */
export async function listMemberRoles(deps: CoreDeps, actor: Actor, input: ListMemberRolesInput): Promise<ListMemberRolesResult> {
  const p = parseInput(ListMemberRolesInput, input);
  return deps.uow.run(async (tx) => {
    const conversation = await loadConversation(tx, actor.appId, p.conversationId, deps.clock.now());
    const rows = await tx.members.listForConversations([conversation.id]);
    return {
      members: rows.map((m) => ({ conversationId: m.conversationId, clientId: m.clientId, role: roleOf(conversation, m), joinedAt: m.joinedAt })),
    };
  });
}
