import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, operatorActor, serverActor } from "../testing/index.js";
import { createApp } from "./create-app.js";
import { getApp } from "./get-app.js";

describe("createApp", () => {
  it("creates an app with LeanCloud defaults and generated keys, and emits AppChanged", async () => {
    const ctx = createTestContext();
    const app = await createApp(ctx.deps, operatorActor("x"), { name: "Chat" });
    expect(app.id).toMatch(/^[0-9a-f]{24}$/);
    expect(app.key).toBeTruthy();
    expect(app.masterKey).toBeTruthy();
    expect(app.settings.limits.messageBytes).toBe(5120);
    expect(app.settings.limits.membersPerConversation).toBe(500);
    expect(ctx.eventsOf("AppChanged")).toEqual([{ type: "AppChanged", appId: app.id, at: ctx.clock.now() }]);
    expect(await getApp(ctx.deps, operatorActor("x", "viewer"), { appId: app.id })).toEqual(app);
  });

  it("keeps a migrated app's id and keys and validates settings", async () => {
    const ctx = createTestContext();
    const app = await createApp(ctx.deps, operatorActor("x"), {
      id: "abcDEF123-gzGzoHsz",
      name: "Moved",
      key: "appkey-123",
      masterKey: "masterkey-123",
      settings: { signatures: { login: true } },
    });
    expect(app).toMatchObject({ id: "abcDEF123-gzGzoHsz", key: "appkey-123", masterKey: "masterkey-123" });
    expect(app.settings.signatures.login).toBe(true);
    await expect(createApp(ctx.deps, operatorActor("x"), { id: "abcDEF123-gzGzoHsz", name: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createApp(ctx.deps, operatorActor("x"), { name: "Bad", settings: { limits: { messageBytes: 1 } } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("is for console admins only", async () => {
    const ctx = createTestContext();
    for (const actor of [operatorActor("x", "moderator"), operatorActor("x", "viewer"), serverActor("x"), clientActor("x", "a")]) {
      await expect(createApp(ctx.deps, actor, { name: "No" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
