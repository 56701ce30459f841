// The app cache: reads through core's AppRepository, drops an entry on AppChanged.
import { updateApp, type Actor } from "@parley/core";
import { createInMemoryEventBus } from "@parley/core/testing";
import { describe, expect, it } from "vitest";
import { createTestApp, openTestBackend } from "../testing/index.js";
import { createAppDirectory } from "./app-directory.js";

const admin: Actor = { kind: "operator", appId: "", operatorId: "op", role: "admin", displayAs: "admin" };

describe("createAppDirectory", () => {
  it("caches apps and unknown ids, and sees a change as soon as AppChanged arrives", async () => {
    const bus = createInMemoryEventBus();
    const backend = await openTestBackend({ bus });
    const app = await createTestApp(backend);
    let now = 0;
    const directory = createAppDirectory({ uow: backend.core.uow, bus, now: () => now, ttlMs: 60_000, missTtlMs: 5_000 });
    expect(await directory.getApp(app.id)).toEqual(app);
    expect(directory.getApp(app.id)).toBe(directory.getApp(app.id)); // one lookup, shared

    const updated = await updateApp(backend.core, { ...admin, appId: app.id }, { appId: app.id, settings: { limits: { sendsPerMinute: 7 } } });
    expect((await directory.getApp(app.id))?.settings.limits.sendsPerMinute).toBe(7);
    expect(await directory.getApp(app.id)).toEqual(updated);

    expect(await directory.getApp("nope")).toBeNull();
    now += 5_001;
    expect(await directory.getApp("nope")).toBeNull(); // looked up again after the miss TTL
    directory.close();
    await backend.close();
  });
});
