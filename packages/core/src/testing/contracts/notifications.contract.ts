import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../events.js";
import type { AuditEntry, StoredNotification } from "../../ports.js";
import { appIdOf, objectId, recordingPublisher, T0, type ContractHarness, type MakeContractHarness } from "./support.js";

/** NotificationRepository and AuditRepository. */
export function runNotificationRepositoryContract(make: MakeContractHarness): void {
  describe("NotificationRepository / AuditRepository contract", () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(recordingPublisher());
    });
    afterAll(async () => {
      await h.close?.();
    });

    const event = (appId: string, at: number, attr: Record<string, string> = {}): DomainEvent => ({
      type: "ConversationUpdated",
      appId,
      conversationId: "c1",
      conversationKind: "normal",
      initBy: "alice",
      at,
      attr,
      udate: new Date(at).toISOString(),
      recipients: ["alice", "bob"],
    });
    const note = (appId: string, clientId: string, serverTs: number, tag = ""): StoredNotification => ({
      appId,
      clientId,
      serverTs,
      event: event(appId, serverTs, { tag }),
    });

    it("lists a client's notifications after a time, ascending, never splitting equal timestamps", async () => {
      const appId = appIdOf();
      await h.uow.run(async (tx) => {
        await tx.notifications.append([note(appId, "alice", T0 + 3, "c"), note(appId, "alice", T0 + 1, "a")]);
        await tx.notifications.append([note(appId, "alice", T0 + 2, "b1"), note(appId, "alice", T0 + 2, "b2"), note(appId, "alice", T0 + 2, "b3")]);
        await tx.notifications.append([note(appId, "bob", T0 + 2, "other client"), note(appIdOf(), "alice", T0 + 2, "other app")]);
      });
      const tags = (r: { items: StoredNotification[] }) => r.items.map((n) => (n.event.type === "ConversationUpdated" ? n.event.attr.tag : ""));
      const all = await h.uow.run((tx) => tx.notifications.listSince(appId, "alice", 0, 100));
      expect(tags(all)).toEqual(["a", "b1", "b2", "b3", "c"]);
      expect(all.hasMore).toBe(false);
      expect(all.items[0]).toEqual(note(appId, "alice", T0 + 1, "a"));
      const page = await h.uow.run((tx) => tx.notifications.listSince(appId, "alice", 0, 2));
      expect(tags(page)).toEqual(["a", "b1", "b2", "b3"]);
      expect(page.hasMore).toBe(true);
      const rest = await h.uow.run((tx) => tx.notifications.listSince(appId, "alice", T0 + 2, 2));
      expect(tags(rest)).toEqual(["c"]);
      expect(rest.hasMore).toBe(false);
    });

    it("deletes old notifications", async () => {
      const appId = appIdOf();
      await h.uow.run((tx) => tx.notifications.append([note(appId, "alice", 5), note(appId, "alice", T0 + 5)]));
      await h.uow.run((tx) => tx.notifications.deleteBefore(10, 100_000));
      const left = await h.uow.run((tx) => tx.notifications.listSince(appId, "alice", 0, 100));
      expect(left.items.map((n) => n.serverTs)).toEqual([T0 + 5]);
    });

    const entry = (appId: string, at: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
      id: objectId(),
      appId,
      operatorId: "op-1",
      role: "admin",
      action: "conversation.update",
      target: "conversation:c1",
      before: { name: "a" },
      after: { name: "b", nested: [1, 2] },
      ip: "127.0.0.1",
      userAgent: "test",
      at: new Date(at),
      ...overrides,
    });

    it("lists audit entries newest first, filtered, with a cursor", async () => {
      const appId = appIdOf();
      const e1 = entry(appId, T0 + 1);
      const e2 = entry(appId, T0 + 2, { operatorId: "op-2", before: null, after: null, ip: null, userAgent: null });
      const e3 = entry(appId, T0 + 3);
      await h.uow.run(async (tx) => {
        for (const e of [e2, e3, e1, entry(appIdOf(), T0 + 4)]) await tx.audit.append(e);
      });
      expect(await h.uow.run((tx) => tx.audit.list({ appId, limit: 10 }))).toEqual([e3, e2, e1]);
      expect(await h.uow.run((tx) => tx.audit.list({ appId, operatorId: "op-2", limit: 10 }))).toEqual([e2]);
      expect(await h.uow.run((tx) => tx.audit.list({ appId, limit: 1, before: { at: e3.at, id: e3.id } }))).toEqual([e2]);
    });
  });
}
