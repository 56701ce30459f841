import { describe, expect, it } from "vitest";
import { clientActor, createTestContext, makeApp, sign } from "../testing/index.js";
import { closeSession } from "./close-session.js";
import { openSession } from "./open-session.js";
import { refreshSession } from "./refresh-session.js";
import { verifySessionToken } from "./verify-session-token.js";

describe("refreshSession / verifySessionToken / closeSession", () => {
  it("refreshes with an expired token, keeping its tag; a conflicted token → SESSION_CONFLICT", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const first = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Mobile", deviceId: "d1" });
    ctx.clock.advance(172_800_000 + 1);
    const refreshed = await refreshSession(ctx.deps, clientActor(app.id, "alice"), { sessionToken: first.sessionToken });
    expect(refreshed.sessionTokenTtlSeconds).toBe(172_800);
    expect(await verifySessionToken(ctx.deps, { appId: app.id, sessionToken: refreshed.sessionToken })).toMatchObject({ tag: "Mobile", deviceId: "d1" });
    await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Mobile", deviceId: "d2" });
    await expect(refreshSession(ctx.deps, clientActor(app.id, "alice"), { sessionToken: refreshed.sessionToken })).rejects.toMatchObject({
      code: "SESSION_CONFLICT",
    });
  });

  it("requires the login signature to refresh when the app signs logins", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { signatures: { login: true } } });
    await expect(refreshSession(ctx.deps, clientActor(app.id, "alice"), {})).rejects.toMatchObject({ code: "SIGNATURE_FAILED" });
    const signature = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice::${t}:${n}`, ctx.clock.now());
    await expect(refreshSession(ctx.deps, clientActor(app.id, "alice"), { signature, sessionToken: "unknown" })).resolves.toBeTruthy();
  });

  it("verifies tokens for REST calls and revokes them on close", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const s = await openSession(ctx.deps, { appId: app.id, clientId: "alice" });
    await expect(verifySessionToken(ctx.deps, { appId: app.id, sessionToken: s.sessionToken, clientId: "bob" })).rejects.toMatchObject({
      code: "SESSION_TOKEN_EXPIRED",
    });
    await expect(verifySessionToken(ctx.deps, { appId: "other", sessionToken: s.sessionToken })).rejects.toMatchObject({ code: "APP_NOT_FOUND" });
    await closeSession(ctx.deps, clientActor(app.id, "bob"), { sessionToken: s.sessionToken });
    await expect(verifySessionToken(ctx.deps, { appId: app.id, sessionToken: s.sessionToken })).resolves.toBeTruthy();
    await closeSession(ctx.deps, clientActor(app.id, "alice"), { sessionToken: s.sessionToken });
    await expect(verifySessionToken(ctx.deps, { appId: app.id, sessionToken: s.sessionToken })).rejects.toMatchObject({ code: "SESSION_TOKEN_EXPIRED" });
  });
});
