// /1.2/rtm/conversations, /chatrooms and /service-conversations: create, query, get, update,
// delete, and the members of normal conversations (protocol part 3, §2.1, §2.4, §2.5.1).
import { getConversation, queryConversations } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISO, OBJECT_ID, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const create = async (path: string, body: Record<string, unknown>) => {
  const res = await h.call("POST", `/1.2/rtm/${path}`, { body });
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown> & { objectId: string };
};

describe("conversations", () => {
  it("creates a normal conversation and answers the full _Conversation record", async () => {
    const res = await h.call("POST", "/1.2/rtm/conversations", { body: { name: "Project", m: ["bob", "alice", "bob"], topic: "q3", attr: { a: 1 } } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      objectId: expect.stringMatching(OBJECT_ID),
      name: "Project",
      m: ["alice", "bob"],
      mu: [],
      topic: "q3",
      attr: { a: 1 },
      tr: false,
      sys: false,
      unique: false,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });
    expect(res.body).not.toHaveProperty("c");
    const stored = await getConversation(h.runtime.deps, h.actor(), { conversationId: res.body.objectId });
    expect(stored.members).toEqual(["alice", "bob"]);
    expect(stored.conversation.kind).toBe("normal");
  });

  it("returns the existing conversation for a unique member set", async () => {
    const first = await create("conversations", { m: ["u1", "u2"], unique: true });
    const again = await create("conversations", { m: ["u2", "u1"], unique: true, name: "ignored" });
    expect(first.unique).toBe(true);
    expect(first.uniqueId).toEqual(expect.any(String));
    expect(again.objectId).toBe(first.objectId);
  });

  it("queries with where, order, limit and skip, only normal conversations", async () => {
    const tag = `t-${Date.now()}`;
    const a = await create("conversations", { name: "a", tag, m: ["q1"] });
    const b = await create("conversations", { name: "b", tag, m: ["q1", "q2"] });
    await create("chatrooms", { name: "room", tag });
    await create("service-conversations", { name: "svc", tag });

    const all = await h.call("GET", "/1.2/rtm/conversations", { query: { where: JSON.stringify({ tag }), order: "name" } });
    expect(all.status).toBe(200);
    expect(all.body.results.map((c: { objectId: string }) => c.objectId)).toEqual([a.objectId, b.objectId]);
    expect(all.body.results[1]).toMatchObject({ name: "b", m: ["q1", "q2"], tr: false, sys: false, tag });

    const paged = await h.call("GET", "/1.2/rtm/conversations", { query: { where: JSON.stringify({ tag }), sort: "-name", limit: 1, skip: 1 } });
    expect(paged.body.results.map((c: { name: string }) => c.name)).toEqual(["a"]);

    const byMember = await h.call("GET", "/1.2/rtm/conversations", { query: { where: JSON.stringify({ tag, m: "q2" }) } });
    expect(byMember.body.results.map((c: { objectId: string }) => c.objectId)).toEqual([b.objectId]);

    const rooms = await h.call("GET", "/1.2/rtm/chatrooms", { query: { where: JSON.stringify({ tag }) } });
    expect(rooms.body.results).toHaveLength(1);
    expect(rooms.body.results[0]).toMatchObject({ name: "room", tr: true, sys: false });
    expect(rooms.body.results[0]).not.toHaveProperty("m");

    const services = await h.call("GET", "/1.2/rtm/service-conversations", { query: { where: JSON.stringify({ tag }) } });
    expect(services.body.results).toHaveLength(1);
    expect(services.body.results[0]).toMatchObject({ name: "svc", tr: false, sys: true });
  });

  it("gets one conversation (Parley extension) with lm as a storage Date once a message exists", async () => {
    const conv = await create("conversations", { m: ["g1"] });
    const before = await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual(conv);
    await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/messages`, { body: { from_client: "g1", message: "hi" } });
    const after = await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}`);
    expect(after.body.lm).toEqual({ __type: "Date", iso: expect.stringMatching(ISO) });
  });

  it("updates columns (values, operators, dotted keys) and answers objectId + updatedAt", async () => {
    const conv = await create("conversations", { name: "old", m: ["p1"], counter: 1, meta: { color: "red" } });
    const res = await h.call("PUT", `/1.2/rtm/conversations/${conv.objectId}`, {
      body: { name: "new", counter: { __op: "Increment", amount: 2 }, "meta.size": 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ objectId: conv.objectId, updatedAt: expect.stringMatching(ISO) });
    const stored = await getConversation(h.runtime.deps, h.actor(), { conversationId: conv.objectId });
    expect(stored.conversation.name).toBe("new");
    expect(stored.conversation.attributes).toEqual({ counter: 3, meta: { color: "red", size: 3 } });
  });

  it("refuses updates of m and read-only columns and changes nothing", async () => {
    const conv = await create("conversations", { name: "keep", m: ["r1"] });
    for (const body of [{ m: ["x"] }, { objectId: "abc" }, { sys: true }]) {
      const res = await h.call("PUT", `/1.2/rtm/conversations/${conv.objectId}`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.any(String) });
    }
    const stored = await getConversation(h.runtime.deps, h.actor(), { conversationId: conv.objectId });
    expect(stored.conversation.name).toBe("keep");
    expect(stored.members).toEqual(["r1"]);
  });

  it("deletes a conversation", async () => {
    const conv = await create("conversations", { m: ["d1"] });
    const res = await h.call("DELETE", `/1.2/rtm/conversations/${conv.objectId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const gone = await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 101, error: expect.any(String) });
  });

  it("creates, updates and deletes chat rooms and service conversations", async () => {
    for (const [path, flags] of [
      ["chatrooms", { tr: true, sys: false }],
      ["service-conversations", { tr: false, sys: true }],
    ] as const) {
      const created = await create(path, { name: `n-${path}`, m: ["ignored"] });
      expect(created).toMatchObject({ objectId: expect.stringMatching(OBJECT_ID), name: `n-${path}`, ...flags, unique: false });
      expect(created).not.toHaveProperty("m");
      const updated = await h.call("PUT", `/1.2/rtm/${path}/${created.objectId}`, { body: { name: "renamed" } });
      expect(updated.body).toEqual({ objectId: created.objectId, updatedAt: expect.stringMatching(ISO) });
      expect((await h.call("GET", `/1.2/rtm/${path}/${created.objectId}`)).body.name).toBe("renamed");
      expect((await h.call("DELETE", `/1.2/rtm/${path}/${created.objectId}`)).body).toEqual({});
      expect((await h.call("GET", `/1.2/rtm/${path}/${created.objectId}`)).status).toBe(404);
    }
  });

  it("refuses a conversation of another kind on a family's path (4313/4314/4316), changing nothing", async () => {
    const normal = await create("conversations", { name: "normal", m: ["k1"] });
    const room = await create("chatrooms", { name: "room" });
    const service = await create("service-conversations", { name: "service" });
    const cases = [
      ["chatrooms", normal.objectId, 4316],
      ["service-conversations", normal.objectId, 4313],
      ["conversations", room.objectId, 4314],
      ["conversations", service.objectId, 4314],
    ] as const;
    for (const [path, id, code] of cases) {
      const put = await h.call("PUT", `/1.2/rtm/${path}/${id}`, { body: { name: "hijacked" } });
      expect(put.status).toBe(400);
      expect(put.body).toEqual({ code, error: expect.any(String) });
      expect((await h.call("DELETE", `/1.2/rtm/${path}/${id}`)).body.code).toBe(code);
    }
    for (const c of [normal, room, service]) {
      const stored = await getConversation(h.runtime.deps, h.actor(), { conversationId: c.objectId });
      expect(stored.conversation.name).not.toBe("hijacked");
    }
  });

  it("answers 101 for unknown conversations", async () => {
    for (const [method, path] of [
      ["GET", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa"],
      ["PUT", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa"],
      ["DELETE", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa"],
      ["GET", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa/members"],
    ] as const) {
      const res = await h.call(method, path, method === "PUT" ? { body: { name: "x" } } : {});
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe(101);
    }
  });
});

describe("query validation", () => {
  it("answers 107 for a where that is not JSON and 400 for bad paging", async () => {
    const bad = await h.call("GET", "/1.2/rtm/conversations", { query: { where: "{nope" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 107, error: expect.stringContaining("Malformed json") });
    const array = await h.call("GET", "/1.2/rtm/conversations", { query: { where: "[1]" } });
    expect(array.body.code).toBe(107);
    const op = await h.call("GET", "/1.2/rtm/conversations", { query: { where: JSON.stringify({ name: { $bogus: 1 } }) } });
    expect(op.status).toBe(400);
    expect(op.body.code).toBe(4310);
    const skip = await h.call("GET", "/1.2/rtm/conversations", { query: { skip: "-1" } });
    expect(skip.status).toBe(400);
    expect(skip.body).toEqual({ code: 1, error: expect.stringContaining("skip") });
    const limit = await h.call("GET", "/1.2/rtm/conversations", { query: { limit: "ten" } });
    expect(limit.body).toEqual({ code: 1, error: expect.stringContaining("limit") });
  });

  it("caps out-of-range limits to 100 as storage does", async () => {
    const res = await h.call("GET", "/1.2/rtm/conversations", { query: { limit: 5000 } });
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBeLessThanOrEqual(100);
  });
});

describe("create validation", () => {
  it("refuses malformed bodies and bad columns without creating anything", async () => {
    const count = async () =>
      (await queryConversations(h.runtime.deps, h.actor(), { limit: 1000, includeMembers: false })).records.length;
    const before = await count();
    const malformed = await h.call("POST", "/1.2/rtm/conversations", { rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: 107, error: expect.stringContaining("Malformed json") });
    const array = await h.call("POST", "/1.2/rtm/conversations", { rawBody: "[]" });
    expect(array.body.code).toBe(107);
    const badMembers = await h.call("POST", "/1.2/rtm/conversations", { body: { m: "alice" } });
    expect(badMembers.status).toBe(400);
    expect(badMembers.body).toEqual({ code: 1, error: expect.stringContaining("m") });
    const reserved = await h.call("POST", "/1.2/rtm/conversations", { body: { name: "x", tr: true } });
    expect(reserved.status).toBe(400);
    expect(reserved.body.code).toBe(1);
    const badId = await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["ok", "x".repeat(65)] } });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe(4103);
    expect(await count()).toBe(before);
  });
});

describe("members", () => {
  it("adds, lists and removes members, answering objectId + updatedAt", async () => {
    const conv = await create("conversations", { m: ["m1"] });
    const added = await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/members`, { body: { client_ids: ["m3", "m2", "m1"] } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ objectId: conv.objectId, updatedAt: expect.stringMatching(ISO) });
    const listed = await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}/members`);
    expect(listed.body).toEqual({ result: ["m1", "m2", "m3"] });
    await expect.poll(() => h.events.some((e) => e.type === "MembersJoined" && e.conversationId === conv.objectId)).toBe(true);

    const removed = await h.call("DELETE", `/1.2/rtm/conversations/${conv.objectId}/members`, { body: { client_ids: ["m1", "nobody"] } });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ objectId: conv.objectId, updatedAt: expect.stringMatching(ISO) });
    expect((await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}/members`)).body).toEqual({ result: ["m2", "m3"] });
  });

  it("refuses a blacklisted id with 4548 and reports partial failures", async () => {
    const conv = await create("conversations", { m: ["b0"] });
    await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/blacklists`, { body: { client_ids: ["bad"] } });
    const refused = await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/members`, { body: { client_ids: ["bad"] } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 4548, error: expect.any(String) });
    const partial = await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/members`, { body: { client_ids: ["bad", "good"] } });
    expect(partial.status).toBe(200);
    expect(partial.body.failures).toEqual([{ code: 4548, error: expect.any(String), client_ids: ["bad"] }]);
    expect((await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}/members`)).body.result).toEqual(["b0", "good"]);
  });

  it("validates client_ids and changes nothing when refused", async () => {
    const conv = await create("conversations", { m: ["v1"] });
    for (const body of [{}, { client_ids: [] }, { client_ids: "v2" }, { client_ids: [1] }]) {
      const res = await h.call("POST", `/1.2/rtm/conversations/${conv.objectId}/members`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining("client_ids") });
    }
    const del = await h.call("DELETE", `/1.2/rtm/conversations/${conv.objectId}/members`, { body: { client_ids: [] } });
    expect(del.status).toBe(400);
    expect((await h.call("GET", `/1.2/rtm/conversations/${conv.objectId}/members`)).body.result).toEqual(["v1"]);
  });

  it("serves members only on normal conversations", async () => {
    const room = await create("chatrooms", { name: "r" });
    const res = await h.call("POST", `/1.2/rtm/conversations/${room.objectId}/members`, { body: { client_ids: ["x"] } });
    expect(res.body.code).toBe(4314);
    expect((await h.call("GET", `/1.2/rtm/chatrooms/${room.objectId}/members`)).status).toBe(404);
  });
});
