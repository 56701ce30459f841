import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTestKit, errorOf, expectOneAudit, expectRefusedForAll, refusalsBelow, ROLES, seedApp, type RouterTestKit } from "../test-kit";

let kit: RouterTestKit;
const appsInDb = async () => kit.database.sql`select id, name, key, master_key, settings from apps order by id`;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
});
afterAll(() => kit?.dispose());

describe("app.list and app.get", () => {
  it.each(ROLES)("lists apps for a %s, never with keys", async (role) => {
    const apps = await kit.as(role).app.list();
    expect(apps.map((a) => a.id)).toContain("app1");
    for (const app of apps) {
      expect(app).not.toHaveProperty("key");
      expect(app).not.toHaveProperty("masterKey");
    }
    const one = await kit.as(role).app.get({ appId: "app1" });
    expect(one).not.toHaveProperty("masterKey");
    expect(one.settings.limits.messageBytes).toBe(5120);
  });

  it("refuses anonymous callers", async () => {
    expect((await errorOf(kit.anonymous().app.list())).code).toBe("UNAUTHORIZED");
    expect((await errorOf(kit.anonymous().app.get({ appId: "app1" }))).code).toBe("UNAUTHORIZED");
  });

  it("answers NOT_FOUND for an unknown app", async () => {
    const error = await errorOf(kit.as("viewer").app.get({ appId: "nope" }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("app.create", () => {
  it("is refused below admin, cross-site and anonymously, creating nothing", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.app.create({ id: "evil", name: "Evil" }), appsInDb);
  });

  it("creates an app as an admin with one audit row and no keys in the answer or the trail", async () => {
    const n = await kit.auditCount();
    const app = await kit.as("admin").app.create({ id: "app2", name: "Second" });
    expect(app).toMatchObject({ id: "app2", name: "Second" });
    expect(app).not.toHaveProperty("masterKey");
    const row = await expectOneAudit(kit, n, "app.create");
    expect(row.operator_id).toBe(kit.operatorIds.admin);
    expect(row.operator_role).toBe("admin");
    expect(JSON.stringify(row.after)).not.toMatch(/key/i);
  });

  it("reports a duplicate id as CONFLICT without an audit row", async () => {
    const n = await kit.auditCount();
    expect((await errorOf(kit.as("admin").app.create({ id: "app2", name: "Again" }))).code).toBe("CONFLICT");
    expect(await kit.auditCount()).toBe(n);
  });
});

describe("app.update", () => {
  it("is refused below admin, cross-site and anonymously, changing nothing", async () => {
    await expectRefusedForAll(
      kit,
      refusalsBelow(kit, "admin"),
      (c) => c.app.update({ appId: "app1", settings: { features: { recall: false } } }),
      appsInDb,
    );
  });

  it("merges switches and limits, audits before → after and tells the realtime service", async () => {
    const n = await kit.auditCount();
    kit.bus.clear();
    const app = await kit.as("admin").app.update({
      appId: "app1",
      settings: { signatures: { login: true }, features: { edit: false }, limits: { messageBytes: 8192 } },
    });
    expect(app.settings.signatures.login).toBe(true);
    expect(app.settings.features).toMatchObject({ edit: false, recall: true });
    expect(app.settings.limits.messageBytes).toBe(8192);
    const row = await expectOneAudit(kit, n, "app.update");
    expect(row.app_id).toBe("app1");
    expect((row.before as { settings: { limits: { messageBytes: number } } }).settings.limits.messageBytes).toBe(5120);
    expect((row.after as { settings: { limits: { messageBytes: number } } }).settings.limits.messageBytes).toBe(8192);
    expect(kit.bus.events().map((e) => e.type)).toEqual(["AppChanged"]);
  });

  it("rejects settings core finds out of bounds, writing nothing", async () => {
    const before = await appsInDb();
    const n = await kit.auditCount();
    const error = await errorOf(kit.as("admin").app.update({ appId: "app1", settings: { limits: { messageBytes: 1 } } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await appsInDb()).toEqual(before);
    expect(await kit.auditCount()).toBe(n);
  });
});

describe("app.revealKey and app.rotateKey", () => {
  it("reveals the app key to any operator and audits each reveal", async () => {
    const [row] = await kit.database.sql<{ key: string }[]>`select key from apps where id = 'app1'`;
    for (const role of ROLES) {
      const n = await kit.auditCount();
      expect(await kit.as(role).app.revealKey({ appId: "app1", which: "key" })).toEqual({ value: row!.key });
      const audit = await expectOneAudit(kit, n, "app.reveal.key");
      expect(JSON.stringify(audit)).not.toContain(row!.key);
    }
  });

  it("reveals the master key to admins only", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.app.revealKey({ appId: "app1", which: "masterKey" }), appsInDb);
    const n = await kit.auditCount();
    const [row] = await kit.database.sql<{ master_key: string }[]>`select master_key from apps where id = 'app1'`;
    expect(await kit.as("admin").app.revealKey({ appId: "app1", which: "masterKey" })).toEqual({ value: row!.master_key });
    await expectOneAudit(kit, n, "app.reveal.masterKey");
  });

  it("rotates the master key as an admin only", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.app.rotateKey({ appId: "app1", which: "masterKey" }), appsInDb);
    const [before] = await kit.database.sql<{ master_key: string; key: string }[]>`select key, master_key from apps where id = 'app1'`;
    const n = await kit.auditCount();
    await kit.as("admin").app.rotateKey({ appId: "app1", which: "masterKey" });
    const [after] = await kit.database.sql<{ master_key: string; key: string }[]>`select key, master_key from apps where id = 'app1'`;
    expect(after!.master_key).not.toBe(before!.master_key);
    expect(after!.key).toBe(before!.key);
    const audit = await expectOneAudit(kit, n, "app.rotate.masterKey");
    expect(JSON.stringify(audit)).not.toContain(after!.master_key);
  });
});
