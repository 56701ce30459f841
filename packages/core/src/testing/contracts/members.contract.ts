import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Silence } from "../../moderation/types.js";
import {
  appIdOf,
  conversationOf,
  memberOf,
  messageOf,
  recordingPublisher,
  seedConversation,
  T0,
  type ContractHarness,
  type MakeContractHarness,
} from "./support.js";

/** MemberRepository, ModerationRepository and ReceiptRepository. */
export function runMemberRepositoryContract(make: MakeContractHarness): void {
  describe("MemberRepository / ModerationRepository / ReceiptRepository contract", () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(recordingPublisher());
    });
    afterAll(async () => {
      await h.close?.();
    });

    it("inserts members, leaving existing rows unchanged", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      const alice = memberOf(c.id, "alice", { role: "Owner", pushMuted: true, deliveredAt: 5, readAt: 4 });
      await h.uow.run((tx) => tx.members.insert([alice, memberOf(c.id, "bob")]));
      await h.uow.run((tx) => tx.members.insert([memberOf(c.id, "alice", { role: "Member" }), memberOf(c.id, "carol")]));
      expect(await h.uow.run((tx) => tx.members.get(c.id, "alice"))).toEqual(alice);
      expect(await h.uow.run((tx) => tx.members.get(c.id, "nobody"))).toBeNull();
      expect(await h.uow.run((tx) => tx.members.listIds(c.id))).toEqual(["alice", "bob", "carol"]);
      expect(await h.uow.run((tx) => tx.members.count(c.id))).toBe(3);
    });

    it("removes members, returning the ids that were members", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()), ["alice", "bob", "carol"]);
      const removed = await h.uow.run((tx) => tx.members.remove(c.id, ["bob", "zed", "bob"]));
      expect(removed).toEqual(["bob"]);
      expect(await h.uow.run((tx) => tx.members.listIds(c.id))).toEqual(["alice", "carol"]);
    });

    it("getMany, paging by client id in code-unit order, listForConversations, getForClient", async () => {
      const appId = appIdOf();
      const c = await seedConversation(h.uow, conversationOf(appId), ["b", "B", "a", "_", "aa"]);
      const d = await seedConversation(h.uow, conversationOf(appId), ["a", "z"]);
      expect((await h.uow.run((tx) => tx.members.getMany(c.id, ["a", "zz", "B"]))).map((m) => m.clientId).sort()).toEqual(["B", "a"]);
      expect(await h.uow.run((tx) => tx.members.listIds(c.id))).toEqual(["B", "_", "a", "aa", "b"]);
      const page1 = await h.uow.run((tx) => tx.members.list(c.id, { after: null, limit: 2 }));
      const page2 = await h.uow.run((tx) => tx.members.list(c.id, { after: "_", limit: 2 }));
      const page3 = await h.uow.run((tx) => tx.members.list(c.id, { after: "aa", limit: 2 }));
      expect([page1, page2, page3].map((p) => p.map((m) => m.clientId))).toEqual([["B", "_"], ["a", "aa"], ["b"]]);
      const both = await h.uow.run((tx) => tx.members.listForConversations([c.id, d.id]));
      expect(both.map((m) => `${m.conversationId === c.id ? "c" : "d"}:${m.clientId}`).sort()).toEqual(
        ["c:B", "c:_", "c:a", "c:aa", "c:b", "d:a", "d:z"].sort(),
      );
      const mine = await h.uow.run((tx) => tx.members.getForClient("a", [c.id, d.id, "missing"]));
      expect(mine.map((m) => m.conversationId).sort()).toEqual([c.id, d.id].sort());
    });

    it("sets roles and push mute on members only", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()), ["alice"]);
      expect(await h.uow.run((tx) => tx.members.setRole(c.id, "alice", "Manager"))).toBe(true);
      expect(await h.uow.run((tx) => tx.members.setRole(c.id, "bob", "Manager"))).toBe(false);
      expect(await h.uow.run((tx) => tx.members.setPushMuted(c.id, "alice", true))).toBe(true);
      expect(await h.uow.run((tx) => tx.members.setPushMuted(c.id, "bob", true))).toBe(false);
      expect(await h.uow.run((tx) => tx.members.get(c.id, "alice"))).toMatchObject({ role: "Manager", pushMuted: true });
    });

    const silence = (conversationId: string, clientId: string, expiresAt: number | null, reason: string | null = null): Silence => ({
      conversationId,
      clientId,
      silencedBy: "owner",
      reason,
      createdAt: new Date(T0),
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
    });

    it("silences: upsert replaces, active ones by time, paging, delete", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      await h.uow.run((tx) =>
        tx.moderation.upsertSilences([silence(c.id, "a", null), silence(c.id, "b", T0 + 100), silence(c.id, "c", T0 + 10), silence(c.id, "d", null)]),
      );
      await h.uow.run((tx) => tx.moderation.upsertSilences([silence(c.id, "a", T0 + 1000, "spam")]));
      const now = new Date(T0 + 50);
      const active = await h.uow.run((tx) => tx.moderation.getActiveSilences(c.id, ["a", "b", "c", "x"], now));
      expect(active.sort((x, y) => (x.clientId < y.clientId ? -1 : 1))).toEqual([silence(c.id, "a", T0 + 1000, "spam"), silence(c.id, "b", T0 + 100)]);
      const p1 = await h.uow.run((tx) => tx.moderation.listActiveSilences(c.id, { now, after: null, limit: 2 }));
      const p2 = await h.uow.run((tx) => tx.moderation.listActiveSilences(c.id, { now, after: "b", limit: 2 }));
      expect(p1.map((s) => s.clientId)).toEqual(["a", "b"]);
      expect(p2.map((s) => s.clientId)).toEqual(["d"]);
      expect((await h.uow.run((tx) => tx.moderation.deleteSilences(c.id, ["c", "d", "x"]))).sort()).toEqual(["c", "d"]);
      expect(await h.uow.run((tx) => tx.moderation.getActiveSilences(c.id, ["d"], now))).toEqual([]);
    });

    it("blocks: upsert replaces, expiry, paging, delete", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      const now = new Date(T0 + 60_000);
      const block = (clientId: string, reason: string | null, expiresAt: Date | null = null) => ({
        conversationId: c.id,
        clientId,
        blockedBy: "owner",
        reason,
        createdAt: new Date(T0),
        expiresAt,
      });
      await h.uow.run((tx) => tx.moderation.upsertBlocks([block("b", "first"), block("a", null), block("c", null), block("d", null, new Date(T0))]));
      await h.uow.run((tx) => tx.moderation.upsertBlocks([block("b", "second", new Date(T0 + 120_000))]));
      expect(await h.uow.run((tx) => tx.moderation.getActiveBlocks(c.id, ["b", "d", "x"], now))).toEqual([block("b", "second", new Date(T0 + 120_000))]);
      const p1 = await h.uow.run((tx) => tx.moderation.listActiveBlocks(c.id, { now, after: null, limit: 2 }));
      const p2 = await h.uow.run((tx) => tx.moderation.listActiveBlocks(c.id, { now, after: "b", limit: 2 }));
      expect([p1, p2].map((p) => p.map((b) => b.clientId))).toEqual([["a", "b"], ["c"]]);
      expect((await h.uow.run((tx) => tx.moderation.deleteBlocks(c.id, ["a", "d", "x"]))).sort()).toEqual(["a", "d"]);
      expect(await h.uow.run((tx) => tx.moderation.getActiveBlocks(c.id, ["a"], now))).toEqual([]);
    });

    it("raises watermarks monotonically; null for non-members", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()), ["alice"]);
      const r1 = await h.uow.run((tx) => tx.receipts.raise(c.id, "alice", { deliveredAt: 100 }, T0));
      expect(r1).toEqual({ before: { deliveredAt: 0, readAt: 0 }, after: { deliveredAt: 100, readAt: 0 } });
      const r2 = await h.uow.run((tx) => tx.receipts.raise(c.id, "alice", { deliveredAt: 50, readAt: 80 }, T0));
      expect(r2).toEqual({ before: { deliveredAt: 100, readAt: 0 }, after: { deliveredAt: 100, readAt: 80 } });
      expect(await h.uow.run((tx) => tx.receipts.raise(c.id, "bob", { readAt: 1 }, T0))).toBeNull();
      expect(await h.uow.run((tx) => tx.members.get(c.id, "alice"))).toMatchObject({ deliveredAt: 100, readAt: 80 });
    });

    it("raises many delivered watermarks at once; lists receipt requests of many ranges", async () => {
      const appId = appIdOf();
      const now = new Date(T0 + 100_000);
      const a = await seedConversation(h.uow, conversationOf(appId), ["alice", "bob", "carol"]);
      const room = await seedConversation(h.uow, conversationOf(appId, { kind: "chatroom" }), ["bob"]);
      const expired = await seedConversation(h.uow, conversationOf(appId, { kind: "temporary", expiresAt: new Date(T0) }), ["bob"]);
      await h.uow.run((tx) => tx.receipts.raise(a.id, "carol", { deliveredAt: T0 + 900 }, T0));
      const raised = await h.uow.run((tx) =>
        tx.receipts.raiseDeliveredMany(
          [
            { appId, conversationId: a.id, clientId: "bob", deliveredAt: T0 + 500 },
            { appId, conversationId: a.id, clientId: "carol", deliveredAt: T0 + 400 },
            { appId, conversationId: a.id, clientId: "zed", deliveredAt: T0 + 500 },
            { appId: appIdOf(), conversationId: a.id, clientId: "alice", deliveredAt: T0 + 500 },
            { appId, conversationId: room.id, clientId: "bob", deliveredAt: T0 + 500 },
            { appId, conversationId: expired.id, clientId: "bob", deliveredAt: T0 + 500 },
          ],
          T0 + 1000,
          now,
        ),
      );
      const sortKey = (x: { clientId: string }) => x.clientId;
      expect([...raised].sort((x, y) => sortKey(x).localeCompare(sortKey(y)))).toEqual([
        { conversationId: a.id, clientId: "bob", kind: "normal", before: 0, after: T0 + 500 },
        { conversationId: a.id, clientId: "carol", kind: "normal", before: T0 + 900, after: T0 + 900 },
      ]);
      await h.uow.run(async (tx) => {
        await tx.messages.insert(messageOf(a.id, { id: "r1", from: "alice", timestamp: T0 + 100, receipt: true }));
        await tx.messages.insert(messageOf(a.id, { id: "r2", from: "alice", timestamp: T0 + 200, receipt: true }));
        await tx.messages.insert(messageOf(a.id, { id: "plain", from: "alice", timestamp: T0 + 250 }));
        await tx.messages.insert(messageOf(a.id, { id: "own", from: "bob", timestamp: T0 + 260, receipt: true }));
        await tx.messages.insert(messageOf(a.id, { id: "r3", from: "alice", timestamp: T0 + 300, receipt: true }));
      });
      const found = await h.uow.run((tx) =>
        tx.messages.listReceiptRequestsMany(
          [
            { conversationId: a.id, fromTs: T0 + 100, toTs: T0 + 300, notFrom: "bob" },
            { conversationId: a.id, fromTs: T0 + 150, toTs: T0 + 260, notFrom: "alice" },
            { conversationId: room.id, fromTs: T0, toTs: T0 + 1000, notFrom: "bob" },
          ],
          2,
        ),
      );
      expect(found.map((list) => list.map((x) => x.id))).toEqual([["r2", "r3"], ["own"], []]);
      expect(await h.uow.run((tx) => tx.messages.listReceiptRequestsMany([], 2))).toEqual([]);
    });

    it("lists undelivered messages: others' visible messages after max(delivered, joined), oldest first, limited", async () => {
      const appId = appIdOf();
      const now = new Date(T0 + 100_000);
      const joined = new Date(T0 + 1000);
      const a = await seedConversation(h.uow, conversationOf(appId), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const b = await seedConversation(h.uow, conversationOf(appId), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const room = await seedConversation(h.uow, conversationOf(appId, { kind: "chatroom" }), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const notMine = await seedConversation(h.uow, conversationOf(appId), ["bob", "carol"]);
      await h.uow.run(async (tx) => {
        await tx.messages.insert(messageOf(a.id, { id: "a-early", from: "bob", timestamp: T0 + 500 })); // before I joined
        await tx.messages.insert(messageOf(a.id, { id: "a1", from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(a.id, { id: "a-mine", from: "me", timestamp: T0 + 2500 }));
        await tx.messages.insert(messageOf(a.id, { id: "a2", from: "bob", timestamp: T0 + 4000 }));
        await tx.messages.insert(messageOf(a.id, { id: "a-hidden", from: "bob", timestamp: T0 + 4500, visibleTo: ["bob"] }));
        await tx.messages.insert(messageOf(a.id, { id: "a-for-me", from: "bob", timestamp: T0 + 4600, visibleTo: ["me", "zed"] }));
        await tx.messages.insert(messageOf(b.id, { id: "b-delivered", from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(b.id, { id: "b1", from: "bob", timestamp: T0 + 3000 }));
        await tx.receipts.raise(b.id, "me", { deliveredAt: T0 + 2000 }, T0 + 2500);
        await tx.messages.insert(messageOf(room.id, { from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(notMine.id, { from: "bob", timestamp: T0 + 2000 }));
      });
      const all = await h.uow.run((tx) => tx.receipts.listUndelivered(appId, "me", { limit: 100, now }));
      expect(all.map((x) => x.id)).toEqual(["a1", "b1", "a2", "a-for-me"]);
      const two = await h.uow.run((tx) => tx.receipts.listUndelivered(appId, "me", { limit: 2, now }));
      expect(two.map((x) => x.id)).toEqual(["a1", "b1"]);
      expect(await h.uow.run((tx) => tx.receipts.listUndelivered(appId, "nobody", { limit: 100, now }))).toEqual([]);
    });

    it("lists unread counts: others' visible messages after max(read, joined), capped, with mentions", async () => {
      const appId = appIdOf();
      const now = new Date(T0 + 100_000);
      const joined = new Date(T0 + 1000);
      const a = await seedConversation(h.uow, conversationOf(appId), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const b = await seedConversation(h.uow, conversationOf(appId), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const room = await seedConversation(h.uow, conversationOf(appId, { kind: "chatroom" }), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const expired = await seedConversation(h.uow, conversationOf(appId, { kind: "temporary", expiresAt: new Date(T0 + 50_000) }), [
        memberOf("", "me", { joinedAt: joined }),
        "bob",
      ]);
      const quiet = await seedConversation(h.uow, conversationOf(appId), [memberOf("", "me", { joinedAt: joined }), "bob"]);
      const notMine = await seedConversation(h.uow, conversationOf(appId), ["bob", "carol"]);
      await h.uow.run(async (tx) => {
        // a: 3 unread from bob (one mentions me) + noise that must not count
        await tx.messages.insert(messageOf(a.id, { from: "bob", timestamp: T0 + 500 })); // before I joined
        await tx.messages.insert(messageOf(a.id, { from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(a.id, { from: "bob", timestamp: T0 + 3000, mentionPids: ["me"] }));
        await tx.messages.insert(messageOf(a.id, { from: "bob", timestamp: T0 + 4000 }));
        await tx.messages.insert(messageOf(a.id, { from: "me", timestamp: T0 + 5000 }));
        await tx.messages.insert(messageOf(a.id, { from: "bob", timestamp: T0 + 6000, visibleTo: ["bob"] }));
        await tx.conversations.advanceLastMessage(appId, a.id, {
          id: "last-a",
          timestamp: T0 + 5000,
          from: "me",
          content: { kind: "text", text: "x" },
          patchTimestamp: null,
          mentionAll: false,
          mentionPids: [],
        });
        // b: 5 unread, mention-all among the read ones only
        await tx.messages.insert(messageOf(b.id, { from: "bob", timestamp: T0 + 2000, mentionAll: true }));
        for (let i = 0; i < 5; i++) await tx.messages.insert(messageOf(b.id, { from: "bob", timestamp: T0 + 3000 + i }));
        await tx.receipts.raise(b.id, "me", { readAt: T0 + 2000 }, T0 + 2500);
        await tx.messages.insert(messageOf(room.id, { from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(expired.id, { from: "bob", timestamp: T0 + 2000 }));
        await tx.messages.insert(messageOf(notMine.id, { from: "bob", timestamp: T0 + 2000 }));
      });
      const list = await h.uow.run((tx) => tx.receipts.listUnread(appId, "me", { cap: 4, now }));
      const byId = new Map(list.map((u) => [u.conversationId, u]));
      expect([...byId.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(byId.get(a.id)).toMatchObject({ count: 3, mentioned: true, kind: "normal", lastMessage: { id: "last-a" } });
      expect(byId.get(b.id)).toMatchObject({ count: 4, mentioned: false, lastMessage: null });
      expect(list.map((u) => u.conversationId)).toEqual([...list.map((u) => u.conversationId)].sort());
      void quiet;

      // reading clears a conversation; with `since`, changed ones are listed even at 0
      await h.uow.run((tx) => tx.receipts.raise(a.id, "me", { readAt: T0 + 6000 }, T0 + 90_000));
      const all = await h.uow.run((tx) => tx.receipts.listUnread(appId, "me", { cap: 99, now }));
      expect(all.map((u) => u.conversationId)).toEqual([b.id]);
      const since = await h.uow.run((tx) => tx.receipts.listUnread(appId, "me", { cap: 99, since: T0 + 80_000, now }));
      expect(since.map((u) => [u.conversationId, u.count])).toEqual([[a.id, 0]]);
      const sinceLastMessage = await h.uow.run((tx) => tx.receipts.listUnread(appId, "me", { cap: 99, since: T0 + 4000, now }));
      expect(sinceLastMessage.map((u) => u.conversationId).sort()).toEqual([a.id]);
    });
  });
}
