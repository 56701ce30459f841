import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, operatorActor, serverActor } from "../testing/index.js";
import { getApp } from "./get-app.js";
import { listApps } from "./list-apps.js";

describe("getApp / listApps", () => {
  it("lets operators read any app and servers their own", async () => {
    const ctx = createTestContext();
    const a = await makeApp(ctx, { id: "a" });
    const b = await makeApp(ctx, { id: "b" });
    expect((await listApps(ctx.deps, operatorActor("a", "viewer"))).apps.map((x) => x.id)).toEqual(["a", "b"]);
    expect(await getApp(ctx.deps, serverActor("a"), { appId: "a" })).toEqual(a);
    await expect(getApp(ctx.deps, serverActor("a"), { appId: b.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getApp(ctx.deps, clientActor("a", "c"), { appId: "a" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listApps(ctx.deps, serverActor("a"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getApp(ctx.deps, operatorActor("a"), { appId: "zzz" })).rejects.toMatchObject({ code: "APP_NOT_FOUND" });
  });
});
