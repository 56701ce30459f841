import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../messages/types.js";
import type { MessageRange } from "../../ports.js";
import {
  appIdOf,
  conversationOf,
  messageOf,
  prefix,
  recordingPublisher,
  seedConversation,
  T0,
  type ContractHarness,
  type MakeContractHarness,
} from "./support.js";

/** MessageRepository: storage, the history range semantics (protocol part 1, §8.2), patches, receipts. */
export function runMessageRepositoryContract(make: MakeContractHarness): void {
  describe("MessageRepository contract", () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(recordingPublisher());
    });
    afterAll(async () => {
      await h.close?.();
    });

    it("round-trips text and binary messages", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      const text = messageOf(c.id, { mentionAll: true, mentionPids: ["bob", "carol"], receipt: true, pushData: '{"alert":"x"}', priority: 2 });
      const binary = messageOf(c.id, { content: { kind: "binary", data: new Uint8Array([0, 255, 7]) }, lcType: null, visibleTo: ["alice"] });
      await h.uow.run(async (tx) => {
        await tx.messages.insert(text);
        await tx.messages.insert(binary);
      });
      expect(await h.uow.run((tx) => tx.messages.get(c.id, text.id))).toEqual(text);
      expect(await h.uow.run((tx) => tx.messages.get(c.id, binary.id))).toEqual(binary);
      expect(await h.uow.run((tx) => tx.messages.get(c.id, "missing"))).toBeNull();
    });

    describe("range", () => {
      let cid: string;
      const names = new Map<string, string>();
      beforeAll(async () => {
        const c = await seedConversation(h.uow, conversationOf(appIdOf()));
        cid = c.id;
        const p = prefix();
        const spec: [string, number, string, Partial<Message>][] = [
          // ids deliberately not in time order, except among the equal timestamps
          ["m1", 100, "9", {}],
          ["m2", 200, "2a", {}],
          ["m3", 200, "2b", {}],
          ["m4", 200, "2c", {}],
          ["m5", 300, "0", {}],
          ["m6", 400, "5", { content: { kind: "text", text: '{"_lctype":5}' }, lcType: 5 }],
          ["m7", 500, "1", { from: "bob", visibleTo: ["bob", "carol"] }],
        ];
        await h.uow.run(async (tx) => {
          // inserted out of order on purpose
          for (const [name, ts, suffix, extra] of [...spec].reverse()) {
            const m = messageOf(cid, { id: p + suffix, timestamp: T0 + ts, ...extra });
            names.set(m.id + "@" + m.timestamp, name);
            await tx.messages.insert(m);
          }
        });
        idOf = (tie: string) => p + ({ A: "2a", B: "2b", C: "2c" } as Record<string, string>)[tie]!;
      });
      let idOf: (suffix: string) => string = () => "";
      const run = async (r: Omit<MessageRange, "conversationId">) =>
        (await h.uow.run((tx) => tx.messages.range({ conversationId: cid, ...r }))).map((m) => names.get(m.id + "@" + m.timestamp));

      it("takes the newest or oldest `limit`, always ascending", async () => {
        expect(await run({ take: "newest", limit: 3 })).toEqual(["m5", "m6", "m7"]);
        expect(await run({ take: "newest", limit: 3, visibleTo: "alice" })).toEqual(["m4", "m5", "m6"]);
        expect(await run({ take: "newest", limit: 3, visibleTo: "bob" })).toEqual(["m5", "m6", "m7"]);
        expect(await run({ take: "newest", limit: 3, visibleTo: "carol" })).toEqual(["m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 2 })).toEqual(["m1", "m2"]);
        expect(await run({ take: "newest", limit: 7 })).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
        expect(await run({ take: "newest", limit: 6 })).toEqual(["m2", "m3", "m4", "m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 1000 })).toHaveLength(7);
      });

      it("upper bounds: (timestamp, id) with a message id, timestamp alone without", async () => {
        const b = (messageId: string | undefined, inclusive: boolean) => ({ timestamp: T0 + 200, messageId: messageId && idOf(messageId), inclusive });
        expect(await run({ take: "newest", limit: 10, upper: b("B", false) })).toEqual(["m1", "m2"]);
        expect(await run({ take: "newest", limit: 10, upper: b("B", true) })).toEqual(["m1", "m2", "m3"]);
        expect(await run({ take: "newest", limit: 10, upper: b(undefined, false) })).toEqual(["m1"]);
        expect(await run({ take: "newest", limit: 10, upper: b(undefined, true) })).toEqual(["m1", "m2", "m3", "m4"]);
        expect(await run({ take: "newest", limit: 1, upper: b("C", false) })).toEqual(["m3"]);
      });

      it("lower bounds: (timestamp, id) with a message id, timestamp alone without", async () => {
        const b = (messageId: string | undefined, inclusive: boolean) => ({ timestamp: T0 + 200, messageId: messageId && idOf(messageId), inclusive });
        expect(await run({ take: "oldest", limit: 10, lower: b("B", false) })).toEqual(["m4", "m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 10, lower: b("B", true) })).toEqual(["m3", "m4", "m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 10, lower: b(undefined, false) })).toEqual(["m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 10, lower: b(undefined, true) })).toEqual(["m2", "m3", "m4", "m5", "m6", "m7"]);
        expect(await run({ take: "oldest", limit: 1, lower: b("A", false) })).toEqual(["m3"]);
      });

      it("both bounds, either end", async () => {
        const lower = { timestamp: T0 + 200, messageId: idOf("A"), inclusive: false };
        const upper = { timestamp: T0 + 300, messageId: idOf("A"), inclusive: true };
        expect(await run({ take: "newest", limit: 2, lower, upper })).toEqual(["m4", "m5"]);
        expect(await run({ take: "oldest", limit: 2, lower, upper })).toEqual(["m3", "m4"]);
        expect(await run({ take: "oldest", limit: 10, lower: upper, upper: lower })).toEqual([]);
      });

      it("filters by type and sender", async () => {
        expect(await run({ take: "newest", limit: 10, lcType: 5 })).toEqual(["m6"]);
        expect(await run({ take: "newest", limit: 10, lcType: -1, upper: { timestamp: T0 + 200, inclusive: false } })).toEqual(["m1"]);
        expect(await run({ take: "newest", limit: 10, from: "bob" })).toEqual(["m7"]);
      });
    });

    it("patches a message and keeps revisions in order", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      const m = messageOf(c.id, { mentionPids: ["x"] });
      await h.uow.run((tx) => tx.messages.insert(m));
      const patched = await h.uow.run((tx) =>
        tx.messages.patch(c.id, m.id, {
          content: { kind: "text", text: '{"_lctype":-127}' },
          lcType: -127,
          mentionAll: false,
          mentionPids: [],
          patchTimestamp: T0 + 5000,
          recalled: true,
        }),
      );
      expect(patched).toEqual({ ...m, content: { kind: "text", text: '{"_lctype":-127}' }, lcType: -127, mentionPids: [], patchTimestamp: T0 + 5000, recalled: true });
      expect(await h.uow.run((tx) => tx.messages.get(c.id, m.id))).toEqual(patched);
      expect(await h.uow.run((tx) => tx.messages.patch(c.id, "missing", { ...patched!, patchTimestamp: 1 }))).toBeNull();
      const rev = (n: number) => ({
        conversationId: c.id,
        messageId: m.id,
        content: { kind: "text" as const, text: `v${n}` },
        replacedAt: T0 + n,
        replacedBy: "alice",
        reason: n === 1 ? "typo" : null,
        kind: "edit" as const,
      });
      await h.uow.run(async (tx) => {
        await tx.messages.insertRevision(rev(1));
        await tx.messages.insertRevision(rev(2));
      });
      expect(await h.uow.run((tx) => tx.messages.listRevisions(c.id, m.id))).toEqual([rev(1), rev(2)]);
    });

    it("lists receipt requests from others in a time window, newest `limit`", async () => {
      const c = await seedConversation(h.uow, conversationOf(appIdOf()));
      const mk = (ts: number, extra: Partial<Message> = {}) => messageOf(c.id, { from: "bob", receipt: true, timestamp: T0 + ts, ...extra });
      const wanted = [mk(10), mk(20), mk(30)];
      await h.uow.run(async (tx) => {
        for (const m of wanted) await tx.messages.insert(m);
        await tx.messages.insert(mk(15, { receipt: false }));
        await tx.messages.insert(mk(25, { from: "alice" }));
        await tx.messages.insert(mk(26, { visibleTo: ["bob"] }));
        await tx.messages.insert(mk(40));
      });
      const found = await h.uow.run((tx) => tx.messages.listReceiptRequests(c.id, { fromTs: T0 + 10, toTs: T0 + 30, notFrom: "alice", limit: 10 }));
      expect(found.map((m) => m.id)).toEqual(wanted.map((m) => m.id));
      const newest = await h.uow.run((tx) => tx.messages.listReceiptRequests(c.id, { fromTs: T0, toTs: T0 + 30, notFrom: "alice", limit: 2 }));
      expect(newest.map((m) => m.id)).toEqual(wanted.slice(1).map((m) => m.id));
    });

    it("lists patches since a time in the client's conversations, visible to it, ascending", async () => {
      const appId = appIdOf();
      const mine = await seedConversation(h.uow, conversationOf(appId), ["alice", "bob"]);
      const notMine = await seedConversation(h.uow, conversationOf(appId), ["bob"]);
      const patchedAt = (conversationId: string, ts: number | null, extra: Partial<Message> = {}) =>
        messageOf(conversationId, { patchTimestamp: ts, ...extra });
      const p1 = patchedAt(mine.id, T0 + 300);
      const p2 = patchedAt(mine.id, T0 + 200);
      const old = patchedAt(mine.id, T0 + 100);
      await h.uow.run(async (tx) => {
        for (const m of [p1, p2, old, patchedAt(mine.id, null), patchedAt(notMine.id, T0 + 250), patchedAt(mine.id, T0 + 260, { visibleTo: ["bob"] })]) {
          await tx.messages.insert(m);
        }
      });
      const found = await h.uow.run((tx) => tx.messages.listPatchedSince(appId, "alice", T0 + 100, 10));
      expect(found.map((m) => m.id)).toEqual([p2.id, p1.id]);
      const one = await h.uow.run((tx) => tx.messages.listPatchedSince(appId, "alice", T0 + 100, 1));
      expect(one.map((m) => m.id)).toEqual([p2.id]);
      expect(await h.uow.run((tx) => tx.messages.listPatchedSince(appIdOf(), "alice", 0, 10))).toEqual([]);
    });
  });
}
