// Messages over REST (protocol part 3, §2.2, §2.4): send, history, edit, recall.
import { queryHistory } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function conversation(path = "conversations", body: Record<string, unknown> = { m: ["alice", "bob"] }): Promise<string> {
  const res = await h.call("POST", `/1.2/rtm/${path}`, { body });
  expect(res.status).toBe(200);
  return res.body.objectId as string;
}

const send = (id: string, body: Record<string, unknown>, path = "conversations") =>
  h.call("POST", `/1.2/rtm/${path}/${id}/messages`, { body });

async function stored(id: string) {
  return (await queryHistory(h.runtime.deps, h.actor(), { conversationId: id, limit: 1000 })).items.map((i) => i.message);
}

describe("send", () => {
  it("sends as from_client and answers msg-id/timestamp both unwrapped and under result", async () => {
    const id = await conversation();
    const before = Date.now();
    const res = await send(id, {
      from_client: "alice",
      message: '{"_lctype":-1,"_lctext":"hello"}',
      mention_all: true,
      mention_client_ids: ["bob"],
      push_data: { alert: "new message", badge: "Increment" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      "msg-id": expect.any(String),
      timestamp: expect.any(Number),
      result: { "msg-id": res.body["msg-id"], timestamp: res.body.timestamp },
    });
    expect(res.body.timestamp).toBeGreaterThanOrEqual(before - 1000);
    const [message] = await stored(id);
    expect(message).toMatchObject({
      id: res.body["msg-id"],
      from: "alice",
      content: { kind: "text", text: '{"_lctype":-1,"_lctext":"hello"}' },
      mentionAll: true,
      mentionPids: ["bob"],
      pushData: JSON.stringify({ alert: "new message", badge: "Increment" }),
    });
    await expect
      .poll(() => h.events.find((e) => e.type === "MessagePosted" && e.message.id === res.body["msg-id"]))
      .toMatchObject({ initBy: "alice", recipients: ["alice", "bob"], transient: false });
  });

  it("does not verify that from_client is a member (admin channel)", async () => {
    const id = await conversation();
    const res = await send(id, { from_client: "outsider", message: "hi" });
    expect(res.status).toBe(200);
    expect((await stored(id)).map((m) => m.from)).toEqual(["outsider"]);
  });

  it("does not store transient messages and maps priority", async () => {
    const id = await conversation();
    const res = await send(id, { from_client: "alice", message: "typing", transient: true, priority: "HIGH" });
    expect(res.status).toBe(200);
    expect(await stored(id)).toEqual([]);
    await expect
      .poll(() => h.events.find((e) => e.type === "MessagePosted" && e.message.id === res.body["msg-id"]))
      .toMatchObject({ transient: true, message: { priority: 1 } });
  });

  it("sends to chat rooms", async () => {
    const room = await conversation("chatrooms", { name: "lobby" });
    const res = await send(room, { from_client: "host", message: "welcome", push_data: "ignored" }, "chatrooms");
    expect(res.status).toBe(200);
    expect((await stored(room)).map((m) => [m.from, m.pushData])).toEqual([["host", null]]);
  });

  it("validates the body and stores nothing when refused", async () => {
    const id = await conversation();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ message: "no sender" }, "from_client"],
      [{ from_client: "alice" }, "message"],
      [{ from_client: "alice", message: { _lctype: -1 } }, "message"],
      [{ from_client: "alice", message: "x", transient: "yes" }, "transient"],
      [{ from_client: "alice", message: "x", priority: "urgent" }, "priority"],
      [{ from_client: "alice", message: "x", mention_client_ids: Array.from({ length: 21 }, (_, i) => `u${i}`) }, "mention_client_ids"],
      [{ from_client: "", message: "x" }, "from_client"],
    ];
    for (const [body, field] of cases) {
      const res = await send(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining(field) });
    }
    const tooLarge = await send(id, { from_client: "alice", message: "x".repeat(5121) });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.code).toBe(4109);
    expect(await stored(id)).toEqual([]);
  });

  it("answers 4401 for an unknown conversation and 4314 for a service conversation", async () => {
    const unknown = await send("aaaaaaaaaaaaaaaaaaaaaaaa", { from_client: "alice", message: "x" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(4401);
    const service = await conversation("service-conversations", { name: "svc" });
    const wrong = await send(service, { from_client: "alice", message: "x" });
    expect(wrong.body.code).toBe(4314);
    expect(await stored(service)).toEqual([]);
  });
});

describe("history", () => {
  let id: string;
  let sent: Array<{ id: string; timestamp: number }>;

  beforeAll(async () => {
    id = await conversation();
    sent = [];
    for (const text of ["m1", "m2", "m3", "m4"]) {
      const res = await send(id, { from_client: text === "m2" ? "bob" : "alice", message: text });
      sent.push({ id: res.body["msg-id"], timestamp: res.body.timestamp });
    }
  });

  const history = async (query: Record<string, string | number | boolean> = {}) => {
    const res = await h.call("GET", `/1.2/rtm/conversations/${id}/messages`, { query });
    expect(res.status).toBe(200);
    return res.body as Array<Record<string, unknown>>;
  };
  const texts = (records: Array<Record<string, unknown>>) => records.map((r) => r.data);

  it("answers a bare array of §3.1 records, newest first", async () => {
    const records = await history();
    expect(texts(records)).toEqual(["m4", "m3", "m2", "m1"]);
    expect(records[2]).toEqual({
      "msg-id": sent[1]!.id,
      timestamp: sent[1]!.timestamp,
      "conv-id": id,
      from: "bob",
      to: id,
      data: "m2",
      bin: false,
      "is-conv": true,
      "is-room": false,
    });
  });

  it("walks oldest first with reversed and honours limit", async () => {
    expect(texts(await history({ reversed: true }))).toEqual(["m1", "m2", "m3", "m4"]);
    expect(texts(await history({ limit: 2 }))).toEqual(["m4", "m3"]);
    expect(texts(await history({ reversed: true, limit: 2 }))).toEqual(["m1", "m2"]);
  });

  it("applies the documented bound semantics (start/stop, include_start/include_stop)", async () => {
    const [m1, , m3] = sent as [{ id: string; timestamp: number }, unknown, { id: string; timestamp: number }];
    const from3to1 = { msgid: m3.id, timestamp: m3.timestamp, till_msgid: m1.id, till_timestamp: m1.timestamp };
    expect(texts(await history(from3to1))).toEqual(["m2"]);
    expect(texts(await history({ ...from3to1, include_start: true }))).toEqual(["m3", "m2"]);
    expect(texts(await history({ ...from3to1, include_stop: true }))).toEqual(["m2", "m1"]);
    const from1to3 = { msgid: m1.id, timestamp: m1.timestamp, till_msgid: m3.id, till_timestamp: m3.timestamp, reversed: true };
    expect(texts(await history(from1to3))).toEqual(["m2"]);
    expect(texts(await history({ ...from1to3, include_start: true }))).toEqual(["m1", "m2"]);
    expect(texts(await history({ ...from1to3, include_stop: true }))).toEqual(["m2", "m3"]);
  });

  it("accepts the legacy max_ts as an exclusive start", async () => {
    const m3 = sent[2]!;
    expect(texts(await history({ max_ts: m3.timestamp, msgid: m3.id }))).toEqual(["m2", "m1"]);
  });

  it("validates parameters", async () => {
    for (const [query, field] of [
      [{ msgid: "abc" }, "msgid"],
      [{ till_msgid: "abc" }, "till_msgid"],
      [{ limit: 0 }, "limit"],
      [{ reversed: "maybe" }, "reversed"],
      [{ timestamp: "yesterday" }, "timestamp"],
    ] as const) {
      const res = await h.call("GET", `/1.2/rtm/conversations/${id}/messages`, { query });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: expect.stringContaining(field) });
    }
  });

  it("answers 101 for an unknown conversation", async () => {
    const res = await h.call("GET", "/1.2/rtm/conversations/aaaaaaaaaaaaaaaaaaaaaaaa/messages");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(101);
  });
});

describe("edit and recall", () => {
  it("edits a message and answers {result: {}}", async () => {
    const id = await conversation();
    const sent = (await send(id, { from_client: "alice", message: "typo" })).body;
    const res = await h.call("PUT", `/1.2/rtm/conversations/${id}/messages/${encodeURIComponent(sent["msg-id"])}`, {
      body: { from_client: "alice", message: "fixed", timestamp: sent.timestamp },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: {} });
    const [record] = (await h.call("GET", `/1.2/rtm/conversations/${id}/messages`)).body;
    expect(record).toMatchObject({ "msg-id": sent["msg-id"], data: "fixed", "patch-timestamp": expect.any(Number) });
    await expect
      .poll(() => h.events.find((e) => e.type === "MessagePatched" && e.message.id === sent["msg-id"]))
      .toMatchObject({ recall: false, recipients: ["alice", "bob"] });
  });

  it("recalls a message and answers {result: {}}", async () => {
    const id = await conversation();
    const sent = (await send(id, { from_client: "bob", message: "oops" })).body;
    const res = await h.call("PUT", `/1.2/rtm/conversations/${id}/messages/${encodeURIComponent(sent["msg-id"])}/recall`, {
      body: { from_client: "bob", timestamp: sent.timestamp },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: {} });
    const [record] = (await h.call("GET", `/1.2/rtm/conversations/${id}/messages`)).body;
    expect(record).toMatchObject({ data: '{"_lctype":-127}', recall: true });
  });

  it("edits and recalls in chat rooms", async () => {
    const room = await conversation("chatrooms", { name: "room" });
    const sent = (await send(room, { from_client: "host", message: "v1" }, "chatrooms")).body;
    const path = `/1.2/rtm/chatrooms/${room}/messages/${encodeURIComponent(sent["msg-id"])}`;
    expect((await h.call("PUT", path, { body: { from_client: "host", message: "v2", timestamp: sent.timestamp } })).body).toEqual({ result: {} });
    expect((await h.call("PUT", `${path}/recall`, { body: { from_client: "host", timestamp: sent.timestamp } })).body).toEqual({ result: {} });
    expect((await stored(room))[0]).toMatchObject({ recalled: true });
  });

  it("answers 4404 for an unknown message and validates bodies without changing anything", async () => {
    const id = await conversation();
    const sent = (await send(id, { from_client: "alice", message: "original" })).body;
    const path = `/1.2/rtm/conversations/${id}/messages/${encodeURIComponent(sent["msg-id"])}`;
    const unknown = await h.call("PUT", `/1.2/rtm/conversations/${id}/messages/nosuchmessage`, {
      body: { from_client: "alice", message: "x", timestamp: 1 },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(4404);
    for (const body of [{ from_client: "alice", message: "x" }, { from_client: "alice", timestamp: sent.timestamp }, { message: "x", timestamp: 1 }]) {
      const res = await h.call("PUT", path, { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(1);
    }
    const recall = await h.call("PUT", `${path}/recall`, { body: { from_client: "alice" } });
    expect(recall.status).toBe(400);
    expect(recall.body).toEqual({ code: 1, error: expect.stringContaining("timestamp") });
    expect((await stored(id))[0]).toMatchObject({ content: { kind: "text", text: "original" }, recalled: false, patchTimestamp: null });
  });
});
