import { describe, expect, it } from "vitest";
import { createTestContext, makeApp, sign } from "../testing/index.js";
import { verifyLoginSignature } from "./verify-login-signature.js";

describe("verifyLoginSignature", () => {
  const login = (appId: string, clientId: string) => (t: string, n: string) => `${appId}:${clientId}::${t}:${n}`;

  it("matches a known HMAC-SHA1 vector (RFC 2202 test case 2)", () => {
    const ctx = createTestContext();
    expect(ctx.deps.crypto.hmacSha1Hex("Jefe", "what do ya want for nothing?")).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(ctx.deps.crypto.sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });

  it("accepts appId:clientId::t:n signed with the master key, t in ms or s, hex in any case", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const now = ctx.clock.now();
    const ms = sign(ctx, app.masterKey, login(app.id, "alice"), now);
    expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature: ms })).not.toThrow();
    const s = sign(ctx, app.masterKey, login(app.id, "alice"), Math.floor(now / 1000));
    expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature: s })).not.toThrow();
    expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature: { ...s, s: s.s.toUpperCase() } })).not.toThrow();
    expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature: { ...s, t: Number(s.t) } })).not.toThrow();
  });

  it("rejects wrong, missing, foreign and stale signatures with SIGNATURE_FAILED", async () => {
    const ctx = createTestContext();
    const app = await makeApp(ctx);
    const now = ctx.clock.now();
    const good = sign(ctx, app.masterKey, login(app.id, "alice"), now);
    const cases = [
      null,
      { ...good, s: good.s.slice(0, -1) + (good.s.endsWith("0") ? "1" : "0") },
      { ...good, n: "other-nonce" },
      sign(ctx, app.key, login(app.id, "alice"), now),
      sign(ctx, app.masterKey, login(app.id, "bob"), now),
      sign(ctx, app.masterKey, (t, n) => `${app.id}:alice:${t}:${n}`, now),
      sign(ctx, app.masterKey, login(app.id, "alice"), now - 6 * 3600_000 - 1),
      sign(ctx, app.masterKey, login(app.id, "alice"), now + 6 * 3600_000 + 1),
    ];
    for (const signature of cases) {
      expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature })).toThrow(expect.objectContaining({ code: "SIGNATURE_FAILED" }));
    }
    // exactly 6 h old is still fresh
    const edge = sign(ctx, app.masterKey, login(app.id, "alice"), now - 6 * 3600_000);
    expect(() => verifyLoginSignature(ctx.deps, app, { clientId: "alice", signature: edge })).not.toThrow();
  });
});
