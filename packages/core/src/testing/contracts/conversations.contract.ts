import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conversation, LastMessage } from "../../conversations/types.js";
import type { ConversationFilter, ConversationSort, FilterField } from "../../ports.js";
import { compareIds } from "../../shared/client-id.js";
import {
  appIdOf,
  appOf,
  conversationOf,
  memberOf,
  messageOf,
  recordingPublisher,
  seedConversation,
  T0,
  type ContractHarness,
  type MakeContractHarness,
} from "./support.js";

const col = (column: Extract<FilterField, { kind: "column" }>["column"]): FilterField => ({ kind: "column", column });
const attr = (...path: string[]): FilterField & { kind: "attribute" } => ({ kind: "attribute", path });
const by = (column: "objectId" | "c" | "name" | "lm" | "createdAt" | "updatedAt" | "uniqueId"): ConversationSort["field"] => ({ kind: "column", column });
const M: FilterField = { kind: "members" };
const MU: FilterField = { kind: "mutedMembers" };
const lcDate = (ms: number) => ({ __type: "Date", iso: new Date(ms).toISOString() });

const lastMessage = (id: string, timestamp: number, text = "hi"): LastMessage => ({
  id,
  timestamp,
  from: "alice",
  content: { kind: "text", text },
  patchTimestamp: null,
  mentionAll: false,
  mentionPids: [],
});

/** ConversationRepository: CRUD, last message, unique lookup, deletion, and the query AST semantics. */
export function runConversationRepositoryContract(make: MakeContractHarness): void {
  describe("ConversationRepository contract", () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(recordingPublisher());
    });
    afterAll(async () => {
      await h.close?.();
    });

    it("round-trips a conversation and derives memberCount from member rows", async () => {
      const appId = appIdOf();
      const c = conversationOf(appId, {
        name: "Hello",
        attributes: { a: 1, nested: { b: [1, "two", null, { c: true }] }, when: lcDate(T0) },
        unique: true,
        uniqueId: "uid-1",
        createdAt: new Date(T0 + 1),
        updatedAt: new Date(T0 + 2),
      });
      await seedConversation(h.uow, c, ["alice", "bob", "carol"]);
      expect(await h.uow.run((tx) => tx.conversations.get(appId, c.id))).toEqual({ ...c, memberCount: 3 });
      expect(await h.uow.run((tx) => tx.conversations.get(appIdOf(), c.id))).toBeNull();
      expect(await h.uow.run((tx) => tx.conversations.get(appId, `${c.id}0`))).toBeNull();
    });

    it("round-trips temporary conversations with expiry", async () => {
      const appId = appIdOf();
      const c = conversationOf(appId, { kind: "temporary", expiresAt: new Date(T0 + 86_400_000) });
      await seedConversation(h.uow, c, ["alice"]);
      expect(await h.uow.run((tx) => tx.conversations.get(appId, c.id))).toEqual({ ...c, memberCount: 1 });
    });

    it("getMany returns the found ones of the app only", async () => {
      const appId = appIdOf();
      const a = await seedConversation(h.uow, conversationOf(appId));
      const b = await seedConversation(h.uow, conversationOf(appId));
      const other = await seedConversation(h.uow, conversationOf(appIdOf()));
      const found = await h.uow.run((tx) => tx.conversations.getMany(appId, [a.id, b.id, other.id, "missing"]));
      expect(found.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    });

    it("updates name, attributes and updatedAt", async () => {
      const appId = appIdOf();
      const c = await seedConversation(h.uow, conversationOf(appId, { name: "old", attributes: { x: 1 } }), ["alice"]);
      const updated = await h.uow.run((tx) =>
        tx.conversations.update(appId, c.id, { name: "new", attributes: { y: { z: 2 } }, updatedAt: new Date(T0 + 50) }),
      );
      expect(updated).toEqual({ ...c, name: "new", attributes: { y: { z: 2 } }, updatedAt: new Date(T0 + 50), memberCount: 1 });
      const touched = await h.uow.run((tx) => tx.conversations.update(appId, c.id, { updatedAt: new Date(T0 + 60) }));
      expect(touched?.name).toBe("new");
      expect(touched?.attributes).toEqual({ y: { z: 2 } });
      expect(await h.uow.run((tx) => tx.conversations.update(appId, "missing", { updatedAt: new Date() }))).toBeNull();
    });

    it("advances the last message only forward in (timestamp, id) order", async () => {
      const appId = appIdOf();
      const c = await seedConversation(h.uow, conversationOf(appId));
      const get = () => h.uow.run((tx) => tx.conversations.get(appId, c.id));
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, lastMessage("m-b", T0 + 100)));
      expect((await get())?.lastMessage?.id).toBe("m-b");
      expect((await get())?.lastMessageAt).toEqual(new Date(T0 + 100));
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, lastMessage("m-z", T0 + 99)));
      expect((await get())?.lastMessage?.id).toBe("m-b");
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, lastMessage("m-a", T0 + 100)));
      expect((await get())?.lastMessage?.id).toBe("m-b");
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, lastMessage("m-c", T0 + 100)));
      expect((await get())?.lastMessage?.id).toBe("m-c");
      const bin: LastMessage = { ...lastMessage("m-d", T0 + 200), content: { kind: "binary", data: new Uint8Array([0, 1, 255]) }, mentionAll: true, mentionPids: ["bob"] };
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, bin));
      expect((await get())?.lastMessage).toEqual(bin);
      expect((await get())?.updatedAt).toEqual(c.updatedAt);
    });

    it("replaces the last message only when the id matches", async () => {
      const appId = appIdOf();
      const c = await seedConversation(h.uow, conversationOf(appId));
      await h.uow.run((tx) => tx.conversations.advanceLastMessage(appId, c.id, lastMessage("m-1", T0 + 10)));
      await h.uow.run((tx) => tx.conversations.replaceLastMessage(appId, c.id, lastMessage("m-2", T0 + 10, "other")));
      expect((await h.uow.run((tx) => tx.conversations.get(appId, c.id)))?.lastMessage?.content).toEqual({ kind: "text", text: "hi" });
      const patched = { ...lastMessage("m-1", T0 + 10, '{"_lctype":-127}'), patchTimestamp: T0 + 20 };
      await h.uow.run((tx) => tx.conversations.replaceLastMessage(appId, c.id, patched));
      expect((await h.uow.run((tx) => tx.conversations.get(appId, c.id)))?.lastMessage).toEqual(patched);
    });

    it("finds the oldest unique conversation of a kind, temporary ones only while alive", async () => {
      const appId = appIdOf();
      const now = new Date(T0 + 1000);
      const newer = await seedConversation(h.uow, conversationOf(appId, { unique: true, uniqueId: "u", createdAt: new Date(T0 + 2) }));
      const older = await seedConversation(h.uow, conversationOf(appId, { unique: true, uniqueId: "u", createdAt: new Date(T0 + 1) }));
      await seedConversation(h.uow, conversationOf(appId, { unique: false, uniqueId: "v" }));
      const expiredTmp = await seedConversation(
        h.uow,
        conversationOf(appId, { kind: "temporary", unique: true, uniqueId: "u", expiresAt: new Date(T0 + 1000) }),
      );
      const aliveTmp = await seedConversation(
        h.uow,
        conversationOf(appId, { kind: "temporary", unique: true, uniqueId: "u", expiresAt: new Date(T0 + 1001) }),
      );
      expect(newer.id).not.toBe(older.id);
      expect((await h.uow.run((tx) => tx.conversations.findUnique(appId, "normal", "u", now)))?.id).toBe(older.id);
      expect(await h.uow.run((tx) => tx.conversations.findUnique(appId, "normal", "v", now))).toBeNull();
      expect(await h.uow.run((tx) => tx.conversations.findUnique(appIdOf(), "normal", "u", now))).toBeNull();
      expect((await h.uow.run((tx) => tx.conversations.findUnique(appId, "temporary", "u", now)))?.id).toBe(aliveTmp.id);
      expect(expiredTmp.id).not.toBe(aliveTmp.id);
      expect(await h.uow.run((tx) => tx.conversations.findUnique(appId, "temporary", "u", new Date(T0 + 1001)))).toBeNull();
    });

    it("getForSend: the app, the conversation, the sender's standing and the member ids in one read", async () => {
      const appId = appIdOf();
      await h.uow.run((tx) => tx.apps.insert(appOf({ id: appId })));
      const now = new Date(T0 + 60_000);
      const c = await seedConversation(h.uow, conversationOf(appId), ["carol", "alice", "bob", "dan"]);
      const svc = await seedConversation(h.uow, conversationOf(appId, { kind: "service" }), ["s1", "s2"]);
      const silence = (clientId: string, expiresAt: Date | null) => ({ conversationId: c.id, clientId, silencedBy: "alice", reason: null, createdAt: new Date(T0), expiresAt });
      const block = (clientId: string, expiresAt: Date | null) => ({ conversationId: c.id, clientId, blockedBy: "alice", reason: null, createdAt: new Date(T0), expiresAt });
      await h.uow.run(async (tx) => {
        await tx.moderation.upsertSilences([silence("bob", null), silence("carol", new Date(T0 + 120_000)), silence("dan", new Date(T0))]);
        await tx.moderation.upsertBlocks([block("eve", null), block("fay", new Date(T0))]);
      });
      const get = (id: string, senderId: string | null, memberIds: "all" | "unless-service" | "none" = "all") =>
        h.uow.run((tx) => tx.conversations.getForSend(appId, id, { senderId, now, memberIds }));
      const alice = await get(c.id, "alice");
      expect(alice).toEqual({
        app: await h.uow.run((tx) => tx.apps.get(appId)),
        conversation: await h.uow.run((tx) => tx.conversations.get(appId, c.id)),
        senderIsMember: true,
        senderBlocked: false,
        senderSilence: null,
        memberIds: ["alice", "bob", "carol", "dan"],
      });
      expect(await get(c.id, "bob")).toMatchObject({ senderIsMember: true, senderSilence: { expiresAt: null } });
      expect(await get(c.id, "carol")).toMatchObject({ senderSilence: { expiresAt: new Date(T0 + 120_000) } });
      expect(await get(c.id, "dan")).toMatchObject({ senderSilence: null });
      expect(await get(c.id, "eve")).toMatchObject({ senderIsMember: false, senderBlocked: true });
      expect(await get(c.id, "fay")).toMatchObject({ senderIsMember: false, senderBlocked: false });
      expect(await get(c.id, null)).toMatchObject({ senderIsMember: false, senderBlocked: false, senderSilence: null, memberIds: ["alice", "bob", "carol", "dan"] });
      expect((await get(svc.id, "s1", "unless-service"))?.memberIds).toBeNull();
      expect((await get(svc.id, null, "all"))?.memberIds).toEqual(["s1", "s2"]);
      expect((await get(c.id, "alice", "unless-service"))?.memberIds).toHaveLength(4);
      expect(await get(c.id, "alice", "none")).toMatchObject({ senderIsMember: true, memberIds: null });
      expect(await get("nope", "alice")).toMatchObject({ conversation: null, senderIsMember: false, memberIds: null });
      expect(await h.uow.run((tx) => tx.conversations.getForSend("no-such-app", c.id, { senderId: "alice", now, memberIds: "all" }))).toBeNull();
    });

    it("deletes a conversation with its members, moderation rows and messages", async () => {
      const appId = appIdOf();
      const c = await seedConversation(h.uow, conversationOf(appId), ["alice", "bob"]);
      const m = messageOf(c.id);
      await h.uow.run(async (tx) => {
        await tx.messages.insert(m);
        await tx.moderation.upsertBlocks([{ conversationId: c.id, clientId: "eve", blockedBy: "alice", reason: null, createdAt: new Date(T0), expiresAt: null }]);
        await tx.moderation.upsertSilences([
          { conversationId: c.id, clientId: "bob", silencedBy: "alice", reason: null, createdAt: new Date(T0), expiresAt: null },
        ]);
      });
      expect(await h.uow.run((tx) => tx.conversations.delete(appIdOf(), c.id))).toBe(false);
      expect(await h.uow.run((tx) => tx.conversations.delete(appId, c.id))).toBe(true);
      expect(await h.uow.run((tx) => tx.conversations.delete(appId, c.id))).toBe(false);
      const after = await h.uow.run(async (tx) => ({
        conversation: await tx.conversations.get(appId, c.id),
        members: await tx.members.listIds(c.id),
        message: await tx.messages.get(c.id, m.id),
        blocks: await tx.moderation.getActiveBlocks(c.id, ["eve"], new Date(T0)),
        silences: await tx.moderation.getActiveSilences(c.id, ["bob"], new Date(T0)),
      }));
      expect(after).toEqual({ conversation: null, members: [], message: null, blocks: [], silences: [] });
    });

    it("deletes expired temporary conversations", async () => {
      const appId = appIdOf();
      const expired = await seedConversation(h.uow, conversationOf(appId, { kind: "temporary", expiresAt: new Date(T0 - 1) }), ["a"]);
      const alive = await seedConversation(h.uow, conversationOf(appId, { kind: "temporary", expiresAt: new Date(T0 + 10_000_000_000) }), ["a"]);
      const normal = await seedConversation(h.uow, conversationOf(appId));
      let total = 0;
      for (let i = 0; i < 100; i++) {
        const n = await h.uow.run((tx) => tx.conversations.deleteExpired(new Date(T0), 1000));
        total += n;
        if (n === 0) break;
      }
      expect(total).toBeGreaterThanOrEqual(1);
      const ids = (await h.uow.run((tx) => tx.conversations.getMany(appId, [expired.id, alive.id, normal.id]))).map((c) => c.id);
      expect(ids.sort()).toEqual([alive.id, normal.id].sort());
    });

    describe("query", () => {
      const appId = appIdOf();
      let c1: Conversation, c2: Conversation, c3: Conversation, c4: Conversation, c5: Conversation;

      beforeAll(async () => {
        c1 = conversationOf(appId, {
          name: "Alpha",
          creator: "alice",
          unique: true,
          uniqueId: "u1",
          createdAt: new Date(T0 + 1),
          attributes: { level: 3, tags: ["x", "y"], color: { text: "#333" }, when: lcDate(Date.UTC(2024, 0, 2)), title: "hello" },
        });
        c2 = conversationOf(appId, { name: "beta", creator: "bob", createdAt: new Date(T0 + 2), attributes: { level: 7, tags: ["y"], title: "Hello World" } });
        c3 = conversationOf(appId, { kind: "chatroom", name: "Room", creator: "alice", createdAt: new Date(T0 + 3), attributes: { level: 5 } });
        c4 = conversationOf(appId, { kind: "service", name: null, creator: "svc", createdAt: new Date(T0 + 4), attributes: { level: null, nested: { deep: { v: 1 } } } });
        c5 = conversationOf(appId, { name: "gamma.1", creator: "carol", createdAt: new Date(T0 + 5) });
        await seedConversation(h.uow, c1, ["alice", memberOf(c1.id, "bob", { pushMuted: true })]);
        await seedConversation(h.uow, c2, ["bob", "carol"]);
        await seedConversation(h.uow, c3, ["alice"]);
        await seedConversation(h.uow, c4, ["dave"]);
        await seedConversation(h.uow, c5, ["alice", "bob", "carol"]);
        await seedConversation(h.uow, conversationOf(appIdOf(), { name: "Alpha" }), ["alice"]);
        await h.uow.run(async (tx) => {
          await tx.conversations.advanceLastMessage(appId, c1.id, lastMessage("x1", T0 + 300));
          await tx.conversations.advanceLastMessage(appId, c2.id, lastMessage("x2", T0 + 100));
          await tx.conversations.advanceLastMessage(appId, c4.id, lastMessage("x4", T0 + 200));
        });
      });

      const names = () => new Map([c1, c2, c3, c4, c5].map((c, i) => [c.id, `c${i + 1}`]));
      const find = async (filter: ConversationFilter, sort: ConversationSort[] = [], limit = 1000, skip = 0) => {
        const found = await h.uow.run((tx) => tx.conversations.query(appId, { filter, sort, limit, skip }));
        return found.map((c) => names().get(c.id) ?? c.id);
      };
      const set = async (filter: ConversationFilter) => (await find(filter)).sort();

      it("true, false, and app scoping", async () => {
        expect(await set({ op: "true" })).toEqual(["c1", "c2", "c3", "c4", "c5"]);
        expect(await set({ op: "false" })).toEqual([]);
      });

      it("column equality and inequality", async () => {
        expect(await set({ op: "eq", field: col("objectId"), value: c2.id })).toEqual(["c2"]);
        expect(await set({ op: "eq", field: col("c"), value: "alice" })).toEqual(["c1", "c3"]);
        expect(await set({ op: "eq", field: col("name"), value: null })).toEqual(["c4"]);
        expect(await set({ op: "eq", field: col("tr"), value: true })).toEqual(["c3"]);
        expect(await set({ op: "eq", field: col("sys"), value: true })).toEqual(["c4"]);
        expect(await set({ op: "eq", field: col("tr"), value: false })).toEqual(["c1", "c2", "c4", "c5"]);
        expect(await set({ op: "eq", field: col("unique"), value: true })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: col("uniqueId"), value: "u1" })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: col("kind"), value: "service" })).toEqual(["c4"]);
        expect(await set({ op: "ne", field: col("kind"), value: "normal" })).toEqual(["c3", "c4"]);
        expect(await set({ op: "ne", field: col("name"), value: null })).toEqual(["c1", "c2", "c3", "c5"]);
        expect(await set({ op: "in", field: col("objectId"), values: [c1.id, c5.id, "nope"] })).toEqual(["c1", "c5"]);
        expect(await set({ op: "nin", field: col("c"), values: ["alice", "bob"] })).toEqual(["c4", "c5"]);
        expect(await set({ op: "in", field: col("c"), values: [] })).toEqual([]);
        expect(await set({ op: "exists", field: col("name"), exists: false })).toEqual(["c4"]);
        expect(await set({ op: "exists", field: col("lm"), exists: true })).toEqual(["c1", "c2", "c4"]);
      });

      it("member sets: contains, equals, in, nin, all, size, regex; muted members", async () => {
        expect(await set({ op: "eq", field: M, value: "alice" })).toEqual(["c1", "c3", "c5"]);
        expect(await set({ op: "ne", field: M, value: "alice" })).toEqual(["c2", "c4"]);
        expect(await set({ op: "eq", field: M, value: ["bob", "alice"] })).toEqual(["c1"]);
        expect(await set({ op: "in", field: M, values: ["dave", "carol"] })).toEqual(["c2", "c4", "c5"]);
        expect(await set({ op: "nin", field: M, values: ["alice"] })).toEqual(["c2", "c4"]);
        expect(await set({ op: "all", field: M, values: ["alice", "bob"] })).toEqual(["c1", "c5"]);
        expect(await set({ op: "size", field: M, size: 3 })).toEqual(["c5"]);
        expect(await set({ op: "size", field: M, size: 1 })).toEqual(["c3", "c4"]);
        expect(await set({ op: "regex", field: M, pattern: "^d", flags: "" })).toEqual(["c4"]);
        expect(await set({ op: "eq", field: MU, value: "bob" })).toEqual(["c1"]);
        expect(await set({ op: "exists", field: MU, exists: true })).toEqual(["c1"]);
      });

      it("regular expressions on columns and attributes", async () => {
        expect(await set({ op: "regex", field: col("name"), pattern: "^al", flags: "i" })).toEqual(["c1"]);
        expect(await set({ op: "regex", field: col("name"), pattern: "^al", flags: "" })).toEqual([]);
        expect(await set({ op: "regex", field: col("name"), pattern: "^(alpha|beta)$", flags: "i" })).toEqual(["c1", "c2"]);
        expect(await set({ op: "regex", field: col("name"), pattern: "gamma\\.1", flags: "" })).toEqual(["c5"]);
        expect(await set({ op: "regex", field: col("name"), pattern: "a\\.b", flags: "" })).toEqual([]);
        expect(await set({ op: "regex", field: attr("title"), pattern: "world", flags: "i" })).toEqual(["c2"]);
        expect(await set({ op: "regex", field: attr("level"), pattern: "3", flags: "" })).toEqual([]);
      });

      it("attribute equality: deep values, array membership, null matching missing", async () => {
        expect(await set({ op: "eq", field: attr("level"), value: 3 })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: attr("tags"), value: "x" })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: attr("tags"), value: "y" })).toEqual(["c1", "c2"]);
        expect(await set({ op: "eq", field: attr("tags"), value: ["y"] })).toEqual(["c2"]);
        expect(await set({ op: "eq", field: attr("color"), value: { text: "#333" } })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: attr("color", "text"), value: "#333" })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: attr("nested", "deep", "v"), value: 1 })).toEqual(["c4"]);
        expect(await set({ op: "eq", field: attr("level"), value: null })).toEqual(["c4", "c5"]);
        expect(await set({ op: "ne", field: attr("level"), value: 3 })).toEqual(["c2", "c3", "c4", "c5"]);
        expect(await set({ op: "in", field: attr("level"), values: [3, 5] })).toEqual(["c1", "c3"]);
        expect(await set({ op: "nin", field: attr("level"), values: [3, 5] })).toEqual(["c2", "c4", "c5"]);
        expect(await set({ op: "exists", field: attr("level"), exists: true })).toEqual(["c1", "c2", "c3", "c4"]);
        expect(await set({ op: "exists", field: attr("title"), exists: false })).toEqual(["c3", "c4", "c5"]);
        expect(await set({ op: "all", field: attr("tags"), values: ["y", "x"] })).toEqual(["c1"]);
        expect(await set({ op: "size", field: attr("tags"), size: 1 })).toEqual(["c2"]);
        expect(await set({ op: "eq", field: attr("when"), value: new Date(Date.UTC(2024, 0, 2)) })).toEqual(["c1"]);
        expect(await set({ op: "eq", field: attr("level"), value: "3" })).toEqual([]);
      });

      it("range comparisons match same-typed values only", async () => {
        expect(await set({ op: "gt", field: attr("level"), value: 4 })).toEqual(["c2", "c3"]);
        expect(await set({ op: "gte", field: attr("level"), value: 5 })).toEqual(["c2", "c3"]);
        expect(await set({ op: "lt", field: attr("level"), value: 5 })).toEqual(["c1"]);
        expect(await set({ op: "lte", field: attr("level"), value: 3 })).toEqual(["c1"]);
        expect(await set({ op: "lt", field: attr("level"), value: "9" })).toEqual([]);
        expect(await set({ op: "lt", field: attr("title"), value: "hello" })).toEqual(["c2"]);
        expect(await set({ op: "gte", field: attr("title"), value: "hello" })).toEqual(["c1"]);
        expect(await set({ op: "gt", field: attr("when"), value: new Date(Date.UTC(2024, 0, 1, 12)) })).toEqual(["c1"]);
        expect(await set({ op: "lt", field: attr("when"), value: new Date(Date.UTC(2024, 0, 1, 12)) })).toEqual([]);
        expect(await set({ op: "gt", field: col("lm"), value: new Date(T0 + 150) })).toEqual(["c1", "c4"]);
        expect(await set({ op: "lt", field: col("lm"), value: new Date(T0 + 150) })).toEqual(["c2"]);
        expect(await set({ op: "gte", field: col("createdAt"), value: new Date(T0 + 4) })).toEqual(["c4", "c5"]);
        expect(await set({ op: "lte", field: col("updatedAt"), value: new Date(T0) })).toEqual(["c1", "c2", "c3", "c4", "c5"]);
        expect(await set({ op: "gt", field: col("name"), value: "Z" })).toEqual(["c2", "c5"]);
      });

      it("and, or, not", async () => {
        const alice: ConversationFilter = { op: "eq", field: M, value: "alice" };
        expect(await set({ op: "and", filters: [alice, { op: "eq", field: col("tr"), value: false }] })).toEqual(["c1", "c5"]);
        expect(await set({ op: "or", filters: [{ op: "eq", field: col("objectId"), value: c1.id }, { op: "eq", field: col("objectId"), value: c2.id }] })).toEqual([
          "c1",
          "c2",
        ]);
        expect(await set({ op: "not", filter: alice })).toEqual(["c2", "c4"]);
        expect(await set({ op: "not", filter: { op: "or", filters: [alice, { op: "eq", field: M, value: "dave" }] } })).toEqual(["c2"]);
      });

      it("sorts with nulls lowest and objectId as the final tie-break; skip and limit", async () => {
        const [n3, n5] = [c3, c5].sort((a, b) => compareIds(a.id, b.id)).map((c) => (c === c3 ? "c3" : "c5"));
        expect(await find({ op: "true" }, [{ field: by("lm"), direction: "desc" }])).toEqual(["c1", "c4", "c2", n3, n5]);
        expect(await find({ op: "true" }, [{ field: by("lm"), direction: "asc" }])).toEqual([n3, n5, "c2", "c4", "c1"]);
        expect(await find({ op: "true" }, [{ field: by("name"), direction: "asc" }])).toEqual(["c4", "c1", "c3", "c2", "c5"]);
        const [l4, l5] = [c4, c5].sort((a, b) => compareIds(a.id, b.id)).map((c) => (c === c4 ? "c4" : "c5"));
        expect(await find({ op: "true" }, [{ field: attr("level"), direction: "desc" }])).toEqual(["c2", "c3", "c1", l4, l5]);
        expect(await find({ op: "true" }, [{ field: by("createdAt"), direction: "asc" }], 2, 1)).toEqual(["c2", "c3"]);
        expect(await find({ op: "true" }, [{ field: by("createdAt"), direction: "desc" }], 10, 4)).toEqual(["c1"]);
        const byId = [c1, c2, c3, c4, c5].sort((a, b) => compareIds(a.id, b.id)).map((c) => names().get(c.id));
        expect(await find({ op: "true" }, [])).toEqual(byId);
      });

      it("counts", async () => {
        expect(await h.uow.run((tx) => tx.conversations.count(appId, { op: "eq", field: M, value: "alice" }))).toBe(3);
        expect(await h.uow.run((tx) => tx.conversations.count(appId, { op: "true" }))).toBe(5);
      });
    });
  });
}
