// /1.2/rtm/clients (protocol part 3, §2.6): check online (presence port), unread count, kick
// (kick port); and the generic 500 for unexpected failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("check online", () => {
  it("answers the online subset", async () => {
    h.presence.setOnline(h.app.id, "on1");
    h.presence.setOnline(h.otherApp.id, "off1");
    const res = await h.call("POST", "/1.2/rtm/clients/check-online", { body: { client_ids: ["on1", "off1", "never", "on1"] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: ["on1"] });
  });

  it("validates client_ids (1 to 20)", async () => {
    for (const client_ids of [[], Array.from({ length: 21 }, (_, i) => `c${i}`), "on1"]) {
      const res = await h.call("POST", "/1.2/rtm/clients/check-online", { body: { client_ids } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining("client_ids") });
    }
  });

  it("answers 500 with a generic message when the port fails unexpectedly, and logs the stack", async () => {
    h.presenceFailure = new Error("presence registry exploded");
    try {
      const res = await h.call("POST", "/1.2/rtm/clients/check-online", { body: { client_ids: ["on1"] } });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ code: 1, error: "Internal server error. No information available." });
      expect(res.headers["x-request-id"]).toEqual(expect.any(String));
      const logged = h.logger.errors.at(-1) as [string, { requestId: string; err: Error }];
      expect(logged[1].requestId).toBe(res.headers["x-request-id"]);
      expect(logged[1].err.stack).toContain("presence registry exploded");
    } finally {
      h.presenceFailure = null;
    }
  });
});

describe("unread count", () => {
  it("counts unread messages across conversations or in one, with the app key too", async () => {
    const a = (await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["reader", "writer"] } })).body.objectId;
    const b = (await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["reader", "writer"] } })).body.objectId;
    for (const [conv, n] of [[a, 2], [b, 1]] as const) {
      for (let i = 0; i < n; i++) await h.call("POST", `/1.2/rtm/conversations/${conv}/messages`, { body: { from_client: "writer", message: `m${i}` } });
    }
    const all = await h.call("GET", "/1.2/rtm/clients/reader/unread-count", { auth: "app" });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ count: 3 });
    expect((await h.call("GET", "/1.2/rtm/clients/reader/unread-count", { query: { conv_id: b } })).body).toEqual({ count: 1 });
    expect((await h.call("GET", "/1.2/rtm/clients/writer/unread-count", { auth: "sign-app" })).body).toEqual({ count: 0 });
    expect((await h.call("GET", "/1.2/rtm/clients/nobody/unread-count")).body).toEqual({ count: 0 });
  });

  it("validates conv_id", async () => {
    const res = await h.call("GET", "/1.2/rtm/clients/reader/unread-count", { query: { conv_id: "" } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 1, error: expect.stringContaining("conv_id") });
  });
});

describe("kick", () => {
  it("kicks through the port with the reason", async () => {
    const res = await h.call("POST", "/1.2/rtm/clients/bad%20actor/kick", { body: { reason: "spam" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(h.kicks.at(-1)).toEqual({ appId: h.app.id, clientId: "bad actor", reason: "spam" });
    await h.call("POST", "/1.2/rtm/clients/quiet/kick");
    expect(h.kicks.at(-1)).toEqual({ appId: h.app.id, clientId: "quiet", reason: null });
  });

  it("refuses a reason over 20 characters without kicking", async () => {
    const before = h.kicks.length;
    const res = await h.call("POST", "/1.2/rtm/clients/someone/kick", { body: { reason: "x".repeat(21) } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 1, error: expect.stringContaining("reason") });
    expect(h.kicks).toHaveLength(before);
  });
});
