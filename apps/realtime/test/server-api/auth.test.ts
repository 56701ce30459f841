// Authentication of the server REST API (protocol part 3, §1.2–1.4), on every route: no key, the
// app key alone, a wrong master key, an unknown app; the X-LC-Sign variants and legacy headers;
// and that refused requests change nothing.
import { listBlocked, listMemberRoles, listSilenced, queryConversations, queryHistory } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_API_ROUTES } from "../../src/http/server-api/index.js";
import { md5, OBJECT_ID, startHarness, type Credentials, type Harness } from "./harness.js";

let h: Harness;
const fixture = { normal: "", chatroom: "", service: "", messages: {} as Record<string, { id: string; timestamp: number }> };

beforeAll(async () => {
  h = await startHarness();
  const create = async (path: string, body: object) => (await h.call("POST", `/1.2/rtm/${path}`, { body })).body.objectId as string;
  fixture.normal = await create("conversations", { name: "normal", m: ["alice", "bob"] });
  fixture.chatroom = await create("chatrooms", { name: "room" });
  fixture.service = await create("service-conversations", { name: "service" });
  await h.call("POST", `/1.2/rtm/service-conversations/${fixture.service}/subscribers`, { body: { client_id: "alice" } });
  await h.call("POST", `/1.2/rtm/conversations/${fixture.normal}/permanent-silenceds`, { body: { client_ids: ["bob"] } });
  await h.call("POST", `/1.2/rtm/conversations/${fixture.normal}/blacklists`, { body: { client_ids: ["eve"] } });
  for (const [path, id, route] of [
    ["conversations", fixture.normal, "messages"],
    ["chatrooms", fixture.chatroom, "messages"],
    ["service-conversations", fixture.service, "broadcasts"],
  ] as const) {
    const sent = (await h.call("POST", `/1.2/rtm/${path}/${id}/${route}`, { body: { from_client: "alice", message: "original" } })).body;
    fixture.messages[path] = { id: sent["msg-id"], timestamp: sent.timestamp };
  }
  expect([fixture.normal, fixture.chatroom, fixture.service]).toEqual(Array(3).fill(expect.stringMatching(OBJECT_ID)));
  expect(Object.values(fixture.messages).map((m) => typeof m.id)).toEqual(["string", "string", "string"]);
});
afterAll(async () => {
  await h?.close();
});

/** Everything a refused request could have changed. */
async function snapshot() {
  const deps = h.runtime.deps;
  const actor = h.actor();
  const { records } = await queryConversations(deps, actor, { limit: 1000 });
  const conversations = records
    .map((r) => ({ ...r.conversation, members: r.members, mutedMembers: r.mutedMembers }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const perConversation = [];
  for (const conversationId of [fixture.normal, fixture.chatroom, fixture.service]) {
    perConversation.push({
      history: (await queryHistory(deps, actor, { conversationId, limit: 1000 })).items,
      members: (await listMemberRoles(deps, actor, { conversationId })).members,
      silenced: (await listSilenced(deps, actor, { conversationId, limit: 1000 })).silences,
      blocked: (await listBlocked(deps, actor, { conversationId, limit: 1000 })).blocks,
    });
  }
  return { conversations, perConversation, kicks: h.kicks.length };
}

/** A concrete path for a route pattern, on the fixture of its family. */
function concretePath(pattern: string): string {
  const family = pattern.split("/")[1]!;
  const id = family === "chatrooms" ? fixture.chatroom : family === "service-conversations" ? fixture.service : fixture.normal;
  return `/1.2/rtm${pattern}`
    .replace(":id", id)
    .replace(":messageId", encodeURIComponent(fixture.messages[family]?.id ?? "none"))
    .replace(":clientId", "alice");
}

/** One body that would be valid for most routes, so a refusal is the credentials' doing. */
const anyBody = () => ({
  client_ids: ["zed"],
  client_id: "zed",
  ttl: 60,
  from_client: "zed",
  message: "hacked",
  to_clients: ["alice"],
  name: "hacked",
  reason: "x",
  timestamp: fixture.messages.conversations!.timestamp,
});

const UNAUTHORIZED = { code: 401, error: "Unauthorized." };
const MASTER_REQUIRED = { code: 403, error: expect.stringContaining("master key") };

describe("every route", () => {
  it("covers every endpoint group", () => {
    const groups = new Set(SERVER_API_ROUTES.map((r) => r.path.split("/")[1]));
    expect([...groups].sort()).toEqual(["chatrooms", "clients", "conversations", "service-conversations"]);
    expect(SERVER_API_ROUTES.length).toBeGreaterThan(40);
  });

  const refusals: Array<[string, Credentials, number, unknown]> = [
    ["no key", "none", 401, UNAUTHORIZED],
    ["no headers at all", { headers: {} }, 401, UNAUTHORIZED],
    ["a wrong master key (another app's)", "wrong-master", 401, UNAUTHORIZED],
    ["an unknown app", "unknown-app", 401, UNAUTHORIZED],
    ["the master key without ',master'", { headers: { "X-LC-Id": "__APP__", "X-LC-Key": "__MASTER__" } }, 401, UNAUTHORIZED],
    ["the app key alone", "app", 403, MASTER_REQUIRED],
    ["an app-key X-LC-Sign", "sign-app", 403, MASTER_REQUIRED],
  ];

  it.each(refusals)("refuses %s on every route and changes nothing", async (_name, auth, status, body) => {
    const before = await snapshot();
    const resolved: Credentials =
      typeof auth === "object"
        ? { headers: Object.fromEntries(Object.entries(auth.headers).map(([k, v]) => [k, v.replace("__APP__", h.app.id).replace("__MASTER__", h.app.masterKey)])) }
        : auth;
    for (const route of SERVER_API_ROUTES) {
      const path = concretePath(route.path);
      const res = await h.call(route.method, path, route.method === "GET" ? { auth: resolved } : { auth: resolved, body: anyBody() });
      const appKeyAllowed = route.auth === "app" && status === 403;
      if (appKeyAllowed) {
        expect(res.status, `${route.method} ${path}`).toBe(200);
        continue;
      }
      expect(res.status, `${route.method} ${path}`).toBe(status);
      expect(res.body, `${route.method} ${path}`).toEqual(body);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("credentials", () => {
  const list = (auth: Credentials) => h.call("GET", "/1.2/rtm/conversations", { auth });
  const now = () => String(Date.now());

  it("accepts the master key and a master X-LC-Sign", async () => {
    expect((await list("master")).status).toBe(200);
    expect((await list("sign-master")).status).toBe(200);
  });

  it("refuses stale, malformed or uppercase signatures", async () => {
    const stale = String(Date.now() - 60 * 60 * 1000);
    const ts = now();
    for (const sign of [
      `${md5(stale + h.app.masterKey)},${stale},master`,
      `${md5(ts + h.app.masterKey).toUpperCase()},${ts},master`,
      `${md5(ts + h.app.masterKey)},${ts},admin`,
      `${md5(ts + h.app.key)},${ts},master`,
      `${md5(ts + h.app.masterKey)}`,
      "",
    ]) {
      const res = await list({ headers: { "X-LC-Id": h.app.id, "X-LC-Sign": sign } });
      expect(res.status, sign).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    }
  });

  it("grants the higher privilege when an app-key sign and the master key both come (Swift SDK)", async () => {
    const ts = now();
    const res = await list({ headers: { "X-LC-Id": h.app.id, "X-LC-Sign": `${md5(ts + h.app.key)},${ts}`, "X-LC-Key": `${h.app.masterKey},master` } });
    expect(res.status).toBe(200);
  });

  it("accepts the legacy X-AVOSCloud headers", async () => {
    const master = await list({ headers: { "X-AVOSCloud-Application-Id": h.app.id, "X-AVOSCloud-Master-Key": h.app.masterKey } });
    expect(master.status).toBe(200);
    const appOnly = await list({ headers: { "X-AVOSCloud-Application-Id": h.app.id, "X-AVOSCloud-Application-Key": h.app.key } });
    expect(appOnly.status).toBe(403);
  });

  it("does not let one app's master key reach another app's data", async () => {
    const res = await h.call("GET", `/1.2/rtm/conversations/${fixture.normal}`, {
      auth: { headers: { "X-LC-Id": h.otherApp.id, "X-LC-Key": `${h.otherApp.masterKey},master` } },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(101);
  });
});

describe("routing", () => {
  it("leaves paths it does not serve to the next handler", async () => {
    for (const [method, path] of [
      ["GET", "/1.2/rtm/stats"],
      ["PATCH", "/1.2/rtm/conversations"],
      ["GET", "/1.1/rtm/notifications"],
      ["GET", "/1.2/rtmx/conversations"],
    ] as const) {
      const res = await h.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ code: 404, error: "not served" });
    }
  });

  it("answers 400 for a malformed escape in the path", async () => {
    const res = await h.call("GET", "/1.2/rtm/conversations/%E0%A4%A");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
  });
});
