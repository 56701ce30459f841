import type { Conversation } from "../conversations/types.js";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import type { Member, MemberRole } from "./types.js";

/**
 * Who may do what inside a conversation. LeanCloud leaves the matrix to the server
 * (protocol part 2, §7.2 and §19.6); Parley's rules:
 *
 * | action                          | Owner | Manager          | Member | non-member | server / operator |
 * | ------------------------------- | ----- | ---------------- | ------ | ---------- | ----------------- |
 * | invite (add others)             | yes   | yes              | yes    | no         | yes               |
 * | join / quit (self)              | yes   | yes              | yes    | join only  | —                 |
 * | kick, silence, block, unblock…  | others| Members and non-members only | no | no | yes          |
 * | change roles                    | others| no               | no     | no         | yes (not the owner's) |
 * | update attributes               | yes   | yes              | yes    | no         | yes               |
 * | recall / edit a message         | own   | own              | own    | own        | any               |
 *
 * The creator always counts as Owner (whatever is stored). Console viewers may not
 * change anything (checked separately, `assertMayWrite`).
 */
export type Standing =
  | { kind: "privileged" }
  | { kind: "member"; clientId: string; role: MemberRole }
  | { kind: "outsider"; clientId: string };

export type ModerationAction = "kick" | "silence" | "block" | "changeRole";

/** The role a member has: Owner for the creator, else the stored role. */
export function roleOf(conversation: Conversation, member: Pick<Member, "clientId" | "role">): MemberRole {
  if (conversation.creator !== null && member.clientId === conversation.creator) return "Owner";
  return member.role;
}

/** The role a target client has, or null when it is not a member. */
export function targetRoleOf(conversation: Conversation, member: Member | null | undefined): MemberRole | null {
  return member ? roleOf(conversation, member) : null;
}

export function standingOf(actor: Actor, conversation: Conversation, member: Member | null): Standing {
  if (actor.kind !== "client") return { kind: "privileged" };
  return member ? { kind: "member", clientId: actor.clientId, role: roleOf(conversation, member) } : { kind: "outsider", clientId: actor.clientId };
}

/** Whether the standing has moderation rights at all (whole-request check). */
export function mayModerate(standing: Standing, action: ModerationAction): boolean {
  if (standing.kind === "privileged") return true;
  if (standing.kind !== "member") return false;
  if (action === "changeRole") return standing.role === "Owner";
  return standing.role === "Owner" || standing.role === "Manager";
}

/** Whether the standing may apply `action` to a target with `targetRole` (null = not a member). */
export function mayModerateTarget(standing: Standing, action: ModerationAction, targetRole: MemberRole | null): boolean {
  if (!mayModerate(standing, action)) return false;
  if (targetRole === "Owner") return standing.kind === "privileged" && action !== "changeRole";
  if (standing.kind === "privileged") return true;
  if (standing.kind !== "member") return false;
  if (standing.role === "Owner") return true;
  return targetRole === "Member" || targetRole === null;
}

export function mayInvite(standing: Standing): boolean {
  return standing.kind !== "outsider";
}

export function mayUpdateAttributes(standing: Standing): boolean {
  return standing.kind !== "outsider";
}

/** Recall and edit: the sender itself, or a server/operator actor. */
export function mayPatchMessage(actor: Actor, sender: string): boolean {
  return actor.kind !== "client" || actor.clientId === sender;
}

/** Throws CONVERSATION_NOT_ALLOWED unless the standing may moderate at all. */
export function assertMayModerate(standing: Standing, action: ModerationAction): void {
  if (!mayModerate(standing, action)) {
    throw new DomainError("CONVERSATION_NOT_ALLOWED", `not allowed to ${action} in this conversation`);
  }
}
