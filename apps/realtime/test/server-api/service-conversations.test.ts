// Service conversations beyond CRUD (protocol part 3, §2.5.2–2.5.4): subscribers, broadcasts,
// messages to chosen subscribers, and editing / recalling broadcasts.
import { listMemberRoles, queryHistory } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function service(): Promise<string> {
  const res = await h.call("POST", "/1.2/rtm/service-conversations", { body: { name: "news" } });
  expect(res.status).toBe(200);
  return res.body.objectId as string;
}

const subscribers = async (id: string) =>
  (await listMemberRoles(h.runtime.deps, h.actor(), { conversationId: id })).members.map((m) => m.clientId).sort();

describe("subscribers", () => {
  it("subscribes, lists subscription records with limit and client_id cursor, counts and unsubscribes", async () => {
    const id = await service();
    const before = Date.now();
    for (const clientId of ["s3", "s1", "s2"]) {
      const res = await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body: { client_id: clientId } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    }
    const all = await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual(["s1", "s2", "s3"].map((subscriber) => ({ timestamp: expect.any(Number), subscriber, conv_id: id })));
    expect(all.body[0].timestamp).toBeGreaterThanOrEqual(before - 1000);

    const first = await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers`, { query: { limit: 2 } });
    expect(first.body.map((s: { subscriber: string }) => s.subscriber)).toEqual(["s1", "s2"]);
    const rest = await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers`, { query: { limit: 2, client_id: "s2" } });
    expect(rest.body.map((s: { subscriber: string }) => s.subscriber)).toEqual(["s3"]);

    expect((await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers/count`)).body).toEqual({ count: 3 });

    const removed = await h.call("DELETE", `/1.2/rtm/service-conversations/${id}/subscribers/s2`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect(await subscribers(id)).toEqual(["s1", "s3"]);
    expect((await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers/count`)).body).toEqual({ count: 2 });
  });

  it("decodes client ids in the path", async () => {
    const id = await service();
    await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body: { client_id: "a b/c" } });
    const res = await h.call("DELETE", `/1.2/rtm/service-conversations/${id}/subscribers/${encodeURIComponent("a b/c")}`);
    expect(res.body).toEqual({});
    expect(await subscribers(id)).toEqual([]);
  });

  it("validates, refuses normal conversations, and changes nothing", async () => {
    const id = await service();
    for (const body of [{}, { client_id: "" }, { client_ids: ["x"] }]) {
      const res = await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining("client_id") });
    }
    const limit = await h.call("GET", `/1.2/rtm/service-conversations/${id}/subscribers`, { query: { limit: "x" } });
    expect(limit.body).toEqual({ code: 1, error: expect.stringContaining("limit") });
    const normal = (await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["n1"] } })).body.objectId;
    const wrong = await h.call("POST", `/1.2/rtm/service-conversations/${normal}/subscribers`, { body: { client_id: "n2" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe(4313);
    expect((await h.call("GET", `/1.2/rtm/conversations/${normal}/members`)).body.result).toEqual(["n1"]);
    expect(await subscribers(id)).toEqual([]);
  });
});

describe("broadcasts", () => {
  it("broadcasts to every subscriber and answers the dual msg-id shape", async () => {
    const id = await service();
    for (const clientId of ["r1", "r2"]) await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body: { client_id: clientId } });
    const res = await h.call("POST", `/1.2/rtm/service-conversations/${id}/broadcasts`, {
      body: { from_client: "master", message: '{"_lctype":-1,"_lctext":"news"}', push: { alert: "news" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      "msg-id": expect.any(String),
      timestamp: expect.any(Number),
      result: { "msg-id": res.body["msg-id"], timestamp: res.body.timestamp },
    });
    await expect
      .poll(() => h.events.find((e) => e.type === "MessagePosted" && e.message.id === res.body["msg-id"]))
      .toMatchObject({ initBy: "master", recipients: ["r1", "r2"], message: { pushData: '{"alert":"news"}' } });
    const { items } = await queryHistory(h.runtime.deps, h.actor(), { conversationId: id });
    expect(items.map((i) => i.message.from)).toEqual(["master"]);
  });

  it("edits and recalls a broadcast", async () => {
    const id = await service();
    await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body: { client_id: "r1" } });
    const sent = (await h.call("POST", `/1.2/rtm/service-conversations/${id}/broadcasts`, { body: { from_client: "master", message: "v1" } })).body;
    const path = `/1.2/rtm/service-conversations/${id}/messages/${encodeURIComponent(sent["msg-id"])}`;
    const edited = await h.call("PUT", path, { body: { from_client: "master", message: "v2", timestamp: sent.timestamp } });
    expect(edited.body).toEqual({ result: {} });
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: id })).items[0]!.message.content).toEqual({ kind: "text", text: "v2" });
    const recalled = await h.call("PUT", `${path}/recall`, { body: { from_client: "master", timestamp: sent.timestamp } });
    expect(recalled.body).toEqual({ result: {} });
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: id })).items[0]!.message.recalled).toBe(true);
  });

  it("validates, refuses normal conversations and stores nothing", async () => {
    const id = await service();
    for (const body of [{ message: "x" }, { from_client: "master" }, { from_client: "master", message: "x", push: 3 }]) {
      const res = await h.call("POST", `/1.2/rtm/service-conversations/${id}/broadcasts`, { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(1);
    }
    const normal = (await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["n1"] } })).body.objectId;
    const wrong = await h.call("POST", `/1.2/rtm/service-conversations/${normal}/broadcasts`, { body: { from_client: "m", message: "x" } });
    expect(wrong.body.code).toBe(4313);
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: id })).items).toEqual([]);
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: normal })).items).toEqual([]);
  });
});

describe("messages to chosen subscribers", () => {
  it("reaches only to_clients, stays in their history alone, and answers the dual msg-id shape", async () => {
    const id = await service();
    for (const clientId of ["c1", "c2", "c3"]) await h.call("POST", `/1.2/rtm/service-conversations/${id}/subscribers`, { body: { client_id: clientId } });
    const res = await h.call("POST", `/1.2/rtm/service-conversations/${id}/messages`, {
      body: { from_client: "support", message: "your order shipped", to_clients: ["c1", "c3"], push_data: { alert: "shipped" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ "msg-id": expect.any(String), timestamp: expect.any(Number), result: { "msg-id": res.body["msg-id"], timestamp: res.body.timestamp } });
    await expect
      .poll(() => h.events.find((e) => e.type === "MessagePosted" && e.message.id === res.body["msg-id"]))
      .toMatchObject({ initBy: "support", recipients: ["c1", "c3"], message: { visibleTo: ["c1", "c3"], pushData: '{"alert":"shipped"}' } });
    const seen = async (clientId: string) =>
      (await queryHistory(h.runtime.deps, { kind: "client", appId: h.app.id, clientId }, { conversationId: id })).items.map((i) => i.message.id);
    expect(await seen("c1")).toEqual([res.body["msg-id"]]);
    expect(await seen("c3")).toEqual([res.body["msg-id"]]);
    expect(await seen("c2")).toEqual([]);
  });

  it("validates to_clients (1…20), refuses normal conversations, and sends nothing", async () => {
    const id = await service();
    for (const to_clients of [Array.from({ length: 21 }, (_, i) => `c${i}`), [], undefined]) {
      const invalid = await h.call("POST", `/1.2/rtm/service-conversations/${id}/messages`, { body: { from_client: "master", message: "x", to_clients } });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({ code: 1, error: expect.stringContaining("to_clients") });
    }
    const normal = (await h.call("POST", "/1.2/rtm/conversations", { body: { m: ["n1"] } })).body.objectId;
    const wrong = await h.call("POST", `/1.2/rtm/service-conversations/${normal}/messages`, { body: { from_client: "m", message: "x", to_clients: ["n1"] } });
    expect(wrong.body.code).toBe(4313);
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: id })).items).toEqual([]);
    expect((await queryHistory(h.runtime.deps, h.actor(), { conversationId: normal })).items).toEqual([]);
  });
});
