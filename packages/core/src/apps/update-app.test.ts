import { describe, expect, it } from "vitest";
import { createTestContext, makeApp, operatorActor } from "../testing/index.js";
import { updateApp } from "./update-app.js";

describe("updateApp", () => {
  it("deep-merges settings, renames, rotates keys and emits AppChanged", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { limits: { unreadCountCap: 50 } } });
    ctx.clock.advance(1000);
    const updated = await updateApp(ctx.deps, operatorActor(app.id), {
      appId: app.id,
      name: "Renamed",
      settings: { limits: { messageBytes: 8192 }, features: { recall: false } },
      rotateMasterKey: true,
    });
    expect(updated.name).toBe("Renamed");
    expect(updated.settings.limits).toMatchObject({ messageBytes: 8192, unreadCountCap: 50, membersPerConversation: 500 });
    expect(updated.settings.features).toMatchObject({ recall: false, edit: true });
    expect(updated.masterKey).not.toBe(app.masterKey);
    expect(updated.key).toBe(app.key);
    expect(updated.updatedAt.getTime()).toBe(app.updatedAt.getTime() + 1000);
    expect(ctx.eventsOf("AppChanged")).toHaveLength(1);
  });

  it("rejects invalid merged settings and unknown apps", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    await expect(updateApp(ctx.deps, operatorActor(app.id), { appId: app.id, settings: { limits: { historyPageMax: 5000 } } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(updateApp(ctx.deps, operatorActor(app.id), { appId: "nope", name: "x" })).rejects.toMatchObject({ code: "APP_NOT_FOUND" });
    await expect(updateApp(ctx.deps, operatorActor(app.id, "moderator"), { appId: app.id, name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
