import { describe, expect, it } from "vitest";
import type { Conversation } from "../conversations/types.js";
import { clientActor, operatorActor, serverActor } from "../testing/index.js";
import { mayInvite, mayModerate, mayModerateTarget, mayPatchMessage, mayUpdateAttributes, roleOf, standingOf, type Standing } from "./policy.js";
import type { MemberRole } from "./types.js";

const conversation = { creator: "owner" } as Conversation;
const member = (clientId: string, role: MemberRole = "Member") => ({
  conversationId: "c",
  clientId,
  role,
  joinedAt: new Date(0),
  pushMuted: false,
  deliveredAt: 0,
  readAt: 0,
});

const owner: Standing = standingOf(clientActor("a", "owner"), conversation, member("owner", "Member"));
const manager: Standing = standingOf(clientActor("a", "mgr"), conversation, member("mgr", "Manager"));
const plain: Standing = standingOf(clientActor("a", "m"), conversation, member("m"));
const outsider: Standing = standingOf(clientActor("a", "x"), conversation, null);
const server: Standing = standingOf(serverActor("a"), conversation, null);
const operator: Standing = standingOf(operatorActor("a"), conversation, null);

describe("policy", () => {
  it("the creator always counts as Owner", () => {
    expect(roleOf(conversation, member("owner", "Member"))).toBe("Owner");
    expect(roleOf(conversation, member("mgr", "Manager"))).toBe("Manager");
    expect(owner).toEqual({ kind: "member", clientId: "owner", role: "Owner" });
  });

  it.each([
    // standing, action, target role, allowed
    ["owner", "kick", "Manager", true],
    ["owner", "kick", "Member", true],
    ["owner", "kick", null, true],
    ["owner", "silence", "Manager", true],
    ["owner", "block", "Member", true],
    ["owner", "changeRole", "Manager", true],
    ["owner", "changeRole", "Owner", false],
    ["manager", "kick", "Member", true],
    ["manager", "kick", null, true],
    ["manager", "kick", "Manager", false],
    ["manager", "kick", "Owner", false],
    ["manager", "silence", "Member", true],
    ["manager", "silence", "Manager", false],
    ["manager", "block", "Owner", false],
    ["manager", "changeRole", "Member", false],
    ["member", "kick", "Member", false],
    ["member", "silence", null, false],
    ["member", "block", "Member", false],
    ["member", "changeRole", "Member", false],
    ["outsider", "kick", "Member", false],
    ["outsider", "block", null, false],
    ["server", "kick", "Owner", true],
    ["server", "block", "Manager", true],
    ["server", "changeRole", "Manager", true],
    ["server", "changeRole", "Owner", false],
    ["operator", "silence", "Owner", true],
    ["operator", "kick", "Manager", true],
  ] as const)("%s may %s a %s: %s", (who, action, target, allowed) => {
    const standing = { owner, manager, member: plain, outsider, server, operator }[who];
    expect(mayModerateTarget(standing, action, target)).toBe(allowed);
  });

  it("whole-request rights", () => {
    expect([owner, manager, plain, outsider, server].map((s) => mayModerate(s, "kick"))).toEqual([true, true, false, false, true]);
    expect([owner, manager, plain, outsider, server].map((s) => mayModerate(s, "changeRole"))).toEqual([true, false, false, false, true]);
    expect([owner, manager, plain, outsider, operator].map(mayInvite)).toEqual([true, true, true, false, true]);
    expect([owner, manager, plain, outsider, server].map(mayUpdateAttributes)).toEqual([true, true, true, false, true]);
  });

  it("only the sender (or a server/operator) may patch a message", () => {
    expect(mayPatchMessage(clientActor("a", "bob"), "bob")).toBe(true);
    expect(mayPatchMessage(clientActor("a", "owner"), "bob")).toBe(false);
    expect(mayPatchMessage(serverActor("a"), "bob")).toBe(true);
    expect(mayPatchMessage(operatorActor("a"), "bob")).toBe(true);
  });
});
