// Silences (temporary and permanent) and blacklists over REST (protocol part 3, §2.3, §2.4, §2.5.6).
import { listBlocked, listSilenced } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function conversation(path = "conversations", body: Record<string, unknown> = { m: ["alice", "bob", "carol"] }): Promise<string> {
  const res = await h.call("POST", `/1.2/rtm/${path}`, { body });
  expect(res.status).toBe(200);
  return res.body.objectId as string;
}

const silenced = async (id: string) => (await listSilenced(h.runtime.deps, h.actor(), { conversationId: id, limit: 1000 })).silences;
const blocked = async (id: string) => (await listBlocked(h.runtime.deps, h.actor(), { conversationId: id, limit: 1000 })).clientIds;

describe("permanent silences", () => {
  it("adds, lists with limit/next paging, and removes", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/permanent-silenceds`;
    const added = await h.call("POST", base, { body: { client_ids: ["carol", "alice", "bob"] } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({});
    expect((await silenced(id)).map((s) => [s.clientId, s.expiresAt])).toEqual([
      ["alice", null],
      ["bob", null],
      ["carol", null],
    ]);
    await expect.poll(() => h.events.some((e) => e.type === "MembersSilenced" && e.conversationId === id)).toBe(true);

    const first = await h.call("GET", base, { query: { limit: 2 } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ client_ids: ["alice", "bob"], next: expect.any(String) });
    const second = await h.call("GET", base, { query: { limit: 2, next: first.body.next } });
    expect(second.body).toEqual({ client_ids: ["carol"] });
    expect((await h.call("GET", base)).body).toEqual({ client_ids: ["alice", "bob", "carol"] });

    const removed = await h.call("DELETE", base, { body: { client_ids: ["bob"] } });
    expect(removed.body).toEqual({});
    expect((await h.call("GET", base)).body).toEqual({ client_ids: ["alice", "carol"] });
  });

  it("works in chat rooms", async () => {
    const room = await conversation("chatrooms", { name: "room" });
    const base = `/1.2/rtm/chatrooms/${room}/permanent-silenceds`;
    expect((await h.call("POST", base, { body: { client_ids: ["loud"] } })).body).toEqual({});
    expect((await h.call("GET", base)).body).toEqual({ client_ids: ["loud"] });
    expect((await h.call("DELETE", base, { body: { client_ids: ["loud"] } })).body).toEqual({});
    expect((await h.call("GET", base)).body).toEqual({ client_ids: [] });
  });

  it("validates bodies and paging, changing nothing", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/permanent-silenceds`;
    for (const body of [{}, { client_ids: [] }, { client_ids: "alice" }]) {
      const res = await h.call("POST", base, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining("client_ids") });
    }
    expect((await h.call("GET", base, { query: { limit: 0 } })).body).toEqual({ code: 1, error: expect.stringContaining("limit") });
    const badCursor = await h.call("GET", base, { query: { next: "garbage" } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe(1);
    expect(await silenced(id)).toEqual([]);
  });

  it("refuses service conversations (no silences there)", async () => {
    const service = await conversation("service-conversations", { name: "svc" });
    const res = await h.call("POST", `/1.2/rtm/service-conversations/${service}/permanent-silenceds`, { body: { client_ids: ["x"] } });
    expect(res.status).toBe(404);
  });
});

describe("temporary silences", () => {
  it("silences one client for ttl seconds and lifts it", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/temporary-silenceds`;
    const before = Date.now();
    const res = await h.call("POST", base, { body: { client_id: "bob", ttl: 3600 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const [silence] = await silenced(id);
    expect(silence?.clientId).toBe("bob");
    expect(silence!.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(silence!.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

    const lifted = await h.call("DELETE", base, { query: { client_id: "bob" } });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({});
    expect(await silenced(id)).toEqual([]);
  });

  it("validates client_id and ttl (≤ 24 h), changing nothing", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/temporary-silenceds`;
    for (const [body, field] of [
      [{ client_id: "bob" }, "ttl"],
      [{ client_id: "bob", ttl: 86_401 }, "ttl"],
      [{ client_id: "bob", ttl: 0 }, "ttl"],
      [{ client_ids: ["bob"], ttl: 60 }, "client_id"],
    ] as const) {
      const res = await h.call("POST", base, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining(field) });
    }
    const del = await h.call("DELETE", base);
    expect(del.body).toEqual({ code: 1, error: expect.stringContaining("client_id") });
    expect(await silenced(id)).toEqual([]);
  });
});

describe("blacklists", () => {
  it("blocks (removing members), lists with paging, and unblocks", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/blacklists`;
    const added = await h.call("POST", base, { body: { client_ids: ["bob", "mallory", "alice"] } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({});
    expect((await h.call("GET", `/1.2/rtm/conversations/${id}/members`)).body.result).toEqual(["carol"]);

    const first = await h.call("GET", base, { query: { limit: 2 } });
    expect(first.body).toEqual({ client_ids: ["alice", "bob"], next: expect.any(String) });
    expect((await h.call("GET", base, { query: { limit: 2, next: first.body.next } })).body).toEqual({ client_ids: ["mallory"] });

    expect((await h.call("DELETE", base, { body: { client_ids: ["alice", "bob"] } })).body).toEqual({});
    expect(await blocked(id)).toEqual(["mallory"]);
  });

  it("works on chat rooms and service conversations (unsubscribing the blocked)", async () => {
    const room = await conversation("chatrooms", { name: "room" });
    expect((await h.call("POST", `/1.2/rtm/chatrooms/${room}/blacklists`, { body: { client_ids: ["troll"] } })).body).toEqual({});
    expect((await h.call("GET", `/1.2/rtm/chatrooms/${room}/blacklists`)).body).toEqual({ client_ids: ["troll"] });

    const service = await conversation("service-conversations", { name: "svc" });
    await h.call("POST", `/1.2/rtm/service-conversations/${service}/subscribers`, { body: { client_id: "spammer" } });
    const base = `/1.2/rtm/service-conversations/${service}/blacklists`;
    expect((await h.call("POST", base, { body: { client_ids: ["spammer"] } })).body).toEqual({});
    expect((await h.call("GET", base)).body).toEqual({ client_ids: ["spammer"] });
    expect((await h.call("GET", `/1.2/rtm/service-conversations/${service}/subscribers/count`)).body).toEqual({ count: 0 });
    const again = await h.call("POST", `/1.2/rtm/service-conversations/${service}/subscribers`, { body: { client_id: "spammer" } });
    expect(again.body.code).toBe(4548);
    expect((await h.call("DELETE", base, { body: { client_ids: ["spammer"] } })).body).toEqual({});
    expect((await h.call("GET", base)).body).toEqual({ client_ids: [] });
  });

  it("validates bodies, changing nothing", async () => {
    const id = await conversation();
    const base = `/1.2/rtm/conversations/${id}/blacklists`;
    for (const method of ["POST", "DELETE"]) {
      const res = await h.call(method, base, { body: { client_ids: [""] } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(1);
    }
    expect(await blocked(id)).toEqual([]);
    expect((await h.call("GET", `/1.2/rtm/conversations/${id}/members`)).body.result).toEqual(["alice", "bob", "carol"]);
  });

  it("answers 101 for an unknown conversation", async () => {
    const res = await h.call("POST", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa/blacklists", { body: { client_ids: ["x"] } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(101);
  });
});
