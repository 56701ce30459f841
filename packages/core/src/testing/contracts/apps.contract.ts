import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppSettings } from "../../apps/types.js";
import type { SessionToken } from "../../ports.js";
import { appOf, prefix, recordingPublisher, T0, type ContractHarness, type MakeContractHarness } from "./support.js";

/** AppRepository and SessionTokenRepository. */
export function runAppRepositoryContract(make: MakeContractHarness): void {
  describe("AppRepository / SessionTokenRepository contract", () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await make(recordingPublisher());
    });
    afterAll(async () => {
      await h.close?.();
    });

    it("round-trips an app, settings included", async () => {
      const app = appOf({ settings: AppSettings.parse({ limits: { messageBytes: 9000 }, originAllowList: ["https://a.example"] }) });
      await h.uow.run((tx) => tx.apps.insert(app));
      expect(await h.uow.run((tx) => tx.apps.get(app.id))).toEqual(app);
      expect(await h.uow.run((tx) => tx.apps.get(`${app.id}-missing`))).toBeNull();
    });

    it("updates name, keys, settings and updatedAt", async () => {
      const app = appOf();
      await h.uow.run((tx) => tx.apps.insert(app));
      const changed = {
        ...app,
        name: "Renamed",
        key: "key-new-123456",
        masterKey: "master-new-123456",
        settings: AppSettings.parse({ features: { recall: false } }),
        updatedAt: new Date(T0 + 5000),
      };
      await h.uow.run((tx) => tx.apps.update(changed));
      expect(await h.uow.run((tx) => tx.apps.get(app.id))).toEqual(changed);
    });

    it("lists apps oldest first", async () => {
      const later = appOf({ createdAt: new Date(T0 + 2000), updatedAt: new Date(T0 + 2000) });
      const earlier = appOf({ createdAt: new Date(T0 - 2000), updatedAt: new Date(T0 - 2000) });
      await h.uow.run(async (tx) => {
        await tx.apps.insert(later);
        await tx.apps.insert(earlier);
      });
      const ids = (await h.uow.run((tx) => tx.apps.list())).map((a) => a.id);
      expect(ids.indexOf(earlier.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
    });

    const token = (appId: string, overrides: Partial<SessionToken> = {}): SessionToken => ({
      tokenHash: prefix(40),
      appId,
      clientId: "alice",
      tag: null,
      deviceId: null,
      issuedAt: new Date(T0),
      expiresAt: new Date(T0 + 3_600_000),
      revokedAt: null,
      revokedReason: null,
      ...overrides,
    });

    it("stores, finds and revokes session tokens", async () => {
      const app = appOf();
      const t = token(app.id, { tag: "Mobile", deviceId: "dev-1" });
      await h.uow.run((tx) => tx.sessionTokens.insert(t));
      expect(await h.uow.run((tx) => tx.sessionTokens.get(app.id, t.tokenHash))).toEqual(t);
      expect(await h.uow.run((tx) => tx.sessionTokens.get(`${app.id}x`, t.tokenHash))).toBeNull();
      await h.uow.run((tx) => tx.sessionTokens.revoke(app.id, t.tokenHash, "closed", new Date(T0 + 10)));
      await h.uow.run((tx) => tx.sessionTokens.revoke(app.id, t.tokenHash, "again", new Date(T0 + 20)));
      expect(await h.uow.run((tx) => tx.sessionTokens.get(app.id, t.tokenHash))).toEqual({
        ...t,
        revokedAt: new Date(T0 + 10),
        revokedReason: "closed",
      });
    });

    it("revokes the live tokens of a tag on other devices only", async () => {
      const app = appOf();
      const other = token(app.id, { tag: "Mobile", deviceId: "old-device" });
      const same = token(app.id, { tag: "Mobile", deviceId: "new-device" });
      const otherTag = token(app.id, { tag: "Web", deviceId: "old-device" });
      const untagged = token(app.id, { deviceId: "old-device" });
      const expired = token(app.id, { tag: "Mobile", deviceId: "old-device", expiresAt: new Date(T0 + 5) });
      const otherClient = token(app.id, { clientId: "bob", tag: "Mobile", deviceId: "old-device" });
      await h.uow.run(async (tx) => {
        for (const t of [other, same, otherTag, untagged, expired, otherClient]) await tx.sessionTokens.insert(t);
      });
      const at = new Date(T0 + 100);
      const revoked = await h.uow.run((tx) => tx.sessionTokens.revokeTagged(app.id, "alice", "Mobile", "new-device", "conflict", at));
      expect(revoked).toEqual([other]);
      const after = await h.uow.run(async (tx) =>
        Promise.all([other, same, otherTag, untagged, expired, otherClient].map((t) => tx.sessionTokens.get(app.id, t.tokenHash))),
      );
      expect(after.map((t) => t?.revokedReason ?? null)).toEqual(["conflict", null, null, null, null, null]);
      expect(after[0]?.revokedAt).toEqual(at);
      // without a device to spare, every device with the tag is revoked
      const all = await h.uow.run((tx) => tx.sessionTokens.revokeTagged(app.id, "alice", "Mobile", null, "conflict", at));
      expect(all.map((t) => t.tokenHash)).toEqual([same.tokenHash]);
    });

    it("deletes tokens that expired before a time", async () => {
      const app = appOf();
      const old = token(app.id, { expiresAt: new Date(1000) });
      const live = token(app.id, { expiresAt: new Date(T0 + 10_000_000_000) });
      await h.uow.run(async (tx) => {
        await tx.sessionTokens.insert(old);
        await tx.sessionTokens.insert(live);
      });
      const n = await h.uow.run((tx) => tx.sessionTokens.deleteExpired(new Date(2000), 1000));
      expect(n).toBeGreaterThanOrEqual(1);
      expect(await h.uow.run((tx) => tx.sessionTokens.get(app.id, old.tokenHash))).toBeNull();
      expect(await h.uow.run((tx) => tx.sessionTokens.get(app.id, live.tokenHash))).not.toBeNull();
    });
  });
}
