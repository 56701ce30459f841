// The SDK's own REST calls over real HTTP: notification sync and member roles (protocol part 1 §2.3, §4.9; part 2 §7.4, §16).
import { addMembers, createConversation, openSession, updateConversation, updateMemberRole, type Actor } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRealtimeServer, type TestRealtimeServer } from "../testing/index.js";

let target: TestRealtimeServer;
beforeAll(async () => {
  target = await startTestRealtimeServer();
});
afterAll(() => target.close());

const client = (clientId: string): Actor => ({ kind: "client", appId: target.app.id, clientId });

async function tokenOf(clientId: string): Promise<string> {
  return (await openSession(target.backend.core, { appId: target.app.id, clientId })).sessionToken;
}

async function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${target.server.url}${path}`, { headers });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const auth = (st: string) => ({ "X-LC-Id": target.app.id, "X-LC-Key": target.app.key, "X-LC-IM-Session-Token": st });

describe("GET /1.1/rtm/notifications", () => {
  it("returns the client's permanent notifications after start_ts, ascending, in the SDK's JSON shape", async () => {
    const st = await tokenOf("bob");
    const start = Date.now() - 1;
    const core = target.backend.core;
    const { conversation } = await createConversation(core, client("alice"), { members: ["bob"], attributes: { name: "x" } });
    await updateConversation(core, client("alice"), { conversationId: conversation.id, attributes: { "a.b": 1 } });
    await addMembers(core, client("alice"), { conversationId: conversation.id, clientIds: ["carol"] });
    await updateMemberRole(core, client("alice"), { conversationId: conversation.id, clientId: "bob", role: "Manager" });

    const { status, body } = await get(`/1.1/rtm/notifications?client_id=bob&start_ts=${start}&notification_type=permanent`, auth(st));
    expect(status).toBe(200);
    const base = { cmd: "conv", cid: conversation.id, initBy: "alice", serverTs: expect.any(Number), notificationType: 1 };
    expect(body).toEqual({
      hasMore: false,
      notifications: [
        { ...base, op: "joined" },
        { ...base, op: "members_joined", m: ["alice", "bob"] },
        { ...base, op: "updated", attr: { data: '{"a.b":1}' }, udate: expect.any(String) },
        { ...base, op: "members_joined", m: ["carol"] },
        { ...base, op: "member_info_changed", info: { pid: "bob", role: "Manager" } },
      ],
    });
    const stamps = (body.notifications as Array<{ serverTs: number }>).map((n) => n.serverTs);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const later = await get(`/1.1/rtm/notifications?client_id=bob&start_ts=${stamps[stamps.length - 1]}`, auth(st));
    expect(later.body).toEqual({ notifications: [], hasMore: false });
  });

  it("refuses a wrong key, an unknown token or another client's token with 401 {code, error}", async () => {
    const st = await tokenOf("dave");
    const path = "/1.1/rtm/notifications?client_id=dave&start_ts=0";
    expect((await get(path, { ...auth(st), "X-LC-Key": "nope" })).status).toBe(401);
    const unknown = await get(path, auth("not-a-token"));
    expect(unknown).toEqual({ status: 401, body: { code: 4112, error: expect.any(String) } });
    expect((await get("/1.1/rtm/notifications?client_id=erin&start_ts=0", auth(st))).status).toBe(401);
  });
});

describe("GET /1.1/classes/_ConversationMemberInfo", () => {
  it("lists every member's role (creator Owner) for where={cid}", async () => {
    const core = target.backend.core;
    const { conversation } = await createConversation(core, client("alice"), { members: ["bob", "carol"] });
    await updateMemberRole(core, client("alice"), { conversationId: conversation.id, clientId: "carol", role: "Manager" });
    const where = encodeURIComponent(JSON.stringify({ cid: conversation.id }));
    const { status, body } = await get(`/1.1/classes/_ConversationMemberInfo?where=${where}&client_id=bob`, auth(await tokenOf("bob")));
    expect(status).toBe(200);
    const roles = Object.fromEntries((body.results as Array<{ clientId: string; role: string; cid: string }>).map((r) => [r.clientId, r.role]));
    expect(roles).toEqual({ alice: "Owner", bob: "Member", carol: "Manager" });
    const bad = await get(`/1.1/classes/_ConversationMemberInfo?where=%7B%7D&client_id=bob`, auth(await tokenOf("bob")));
    expect(bad.status).toBe(400);
  });
});
