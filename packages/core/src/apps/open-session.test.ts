import { describe, expect, it } from "vitest";
import { createTestContext, makeApp, sign } from "../testing/index.js";
import { openSession } from "./open-session.js";
import { verifySessionToken } from "./verify-session-token.js";

describe("openSession", () => {
  it("opens a first session and issues a token with the app's TTL", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const r = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: null, deviceId: "dev-1" });
    expect(r).toMatchObject({ appId: app.id, clientId: "alice", sessionTokenTtlSeconds: 172_800, serverTs: ctx.clock.now(), deviceId: "dev-1" });
    expect(await verifySessionToken(ctx.deps, { appId: app.id, sessionToken: r.sessionToken })).toMatchObject({ clientId: "alice" });
  });

  it("assigns a client id when none is sent", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const r = await openSession(ctx.deps, { appId: app.id });
    expect(r.clientId).toMatch(/^[0-9a-f]{24}$/);
  });

  it("rejects unknown apps and malformed client ids", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { limits: { clientIdLength: 8 } } });
    await expect(openSession(ctx.deps, { appId: "nope", clientId: "a" })).rejects.toMatchObject({ code: "APP_NOT_FOUND" });
    for (const clientId of ["", "123456789", "a\nb"]) {
      await expect(openSession(ctx.deps, { appId: app.id, clientId })).rejects.toMatchObject({ code: "INVALID_CLIENT_ID" });
    }
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "12345678" })).resolves.toBeTruthy();
  });

  it("requires a valid login signature on first login when the app demands it", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { signatures: { login: true } } });
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice" })).rejects.toMatchObject({ code: "SIGNATURE_FAILED" });
    const signature = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice::${t}:${n}`, ctx.clock.now());
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", signature })).resolves.toMatchObject({ clientId: "alice" });
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "bob", signature })).rejects.toMatchObject({ code: "SIGNATURE_FAILED" });
  });

  it("reconnects with a valid st, keeping tag and device; bad st → SESSION_TOKEN_EXPIRED", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx, { settings: { signatures: { login: true } } });
    const signature = sign(ctx, app.masterKey, (t, n) => `${app.id}:alice::${t}:${n}`, ctx.clock.now());
    const first = await openSession(ctx.deps, { appId: app.id, clientId: "alice", signature, tag: "Mobile", deviceId: "d1" });
    ctx.clock.advance(60_000);
    const again = await openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true, sessionToken: first.sessionToken });
    expect(again).toMatchObject({ tag: "Mobile", deviceId: "d1" });
    expect(again.sessionToken).not.toBe(first.sessionToken);
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true, sessionToken: "forged" })).rejects.toMatchObject({
      code: "SESSION_TOKEN_EXPIRED",
    });
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "bob", reconnect: true, sessionToken: first.sessionToken })).rejects.toMatchObject({
      code: "SESSION_TOKEN_EXPIRED",
    });
    ctx.clock.advance(172_800_000);
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true, sessionToken: again.sessionToken })).rejects.toMatchObject({
      code: "SESSION_TOKEN_EXPIRED",
    });
    // the SDK retries without st: no signature possible on reconnect → SIGNATURE_FAILED, never 4112 again
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true })).rejects.toMatchObject({ code: "SIGNATURE_FAILED" });
  });

  it("accepts a reconnect without st when the app needs no signature", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true })).resolves.toMatchObject({ tag: null });
  });

  it("kicks other devices holding the same tag: tokens revoked, ClientKicked emitted, their reconnect → SESSION_CONFLICT", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const old = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Mobile", deviceId: "d1" });
    const web = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Web", deviceId: "d9" });
    ctx.clearEvents();
    await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Mobile", deviceId: "d2" });
    expect(ctx.eventsOf("ClientKicked")).toEqual([
      { type: "ClientKicked", appId: app.id, clientId: "alice", reason: "conflict", at: ctx.clock.now(), tag: "Mobile", exceptDeviceId: "d2" },
    ]);
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true, sessionToken: old.sessionToken })).rejects.toMatchObject({
      code: "SESSION_CONFLICT",
    });
    await expect(openSession(ctx.deps, { appId: app.id, clientId: "alice", reconnect: true, sessionToken: web.sessionToken })).resolves.toBeTruthy();
    // same device re-opening with the tag is not a conflict for itself
    const mine = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "Mobile", deviceId: "d2" });
    await expect(verifySessionToken(ctx.deps, { appId: app.id, sessionToken: mine.sessionToken })).resolves.toBeTruthy();
  });

  it("opens without tag kick nobody", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    await openSession(ctx.deps, { appId: app.id, clientId: "alice", deviceId: "d1" });
    expect(ctx.eventsOf("ClientKicked")).toEqual([]);
  });

  it("the reserved tag \"default\" (and an empty tag) is no tag: nobody is kicked", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const first = await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "default", deviceId: "d1" });
    expect(first.tag).toBeNull();
    await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "default", deviceId: "d2" });
    await openSession(ctx.deps, { appId: app.id, clientId: "alice", tag: "", deviceId: "d3" });
    expect(ctx.eventsOf("ClientKicked")).toEqual([]);
    await expect(verifySessionToken(ctx.deps, { appId: app.id, sessionToken: first.sessionToken })).resolves.toBeTruthy();
  });
});
