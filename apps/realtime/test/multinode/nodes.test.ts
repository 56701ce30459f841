// Two realtime nodes on one database and one Redis, driven by the official SDKs: messages cross
// nodes (LISTEN/NOTIFY), and presence answers for both nodes (Redis): chat-room counts,
// session/query, REST check-online and kick. A third node that crashes drops out within its TTL.
import type { App } from "@parley/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "../../src/protocol/errors.js";
import { createTestApp, openTestBackend } from "../../src/testing/index.js";
import {
  SDK_VERSIONS,
  cleanupSdk,
  closeClients,
  createClient,
  sdk,
  sdkFor,
  waitForEvent,
  type IMClient,
} from "../sdk/harness.js";
import { restCall, startNode, type TestNode } from "./cluster.js";
import { dropKeys, requireRedis, testKeyPrefix } from "./redis.js";

const prefix = testKeyPrefix();
let app: App;
let node1: TestNode;
let node2: TestNode;
let seq = 0;
const id = (who: string) => `${who}-${++seq}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await requireRedis();
  const backend = await openTestBackend();
  app = await createTestApp(backend, { id: "multinode" });
  await backend.close();
  [node1, node2] = await Promise.all([startNode(app, { keyPrefix: prefix }), startNode(app, { keyPrefix: prefix })]);
});
afterEach(closeClients);
afterAll(async () => {
  await cleanupSdk();
  await Promise.all([node1?.close(), node2?.close()]);
  await dropKeys(prefix);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK objects are untyped */
type Conversation = any;
type Message = any;

describe.each(SDK_VERSIONS)("SDK %s across two nodes", (version) => {
  const { Event } = sdk(version);

  it("exchanges messages between a client on node 1 and one on node 2, and each sees the other online", async () => {
    const [{ client: alice }, { client: bob }] = await Promise.all([
      createClient(version, node1, id(`${version}-alice`)),
      createClient(version, node2, id(`${version}-bob`)),
    ]);
    const invited = waitForEvent<[unknown, Conversation]>(bob, Event.INVITED);
    const conversation = await alice.createConversation({ members: [bob.id] });
    const [, bobs] = await invited;
    expect(bobs.id).toBe(conversation.id);

    const toBob = waitForEvent<[Message]>(bob, Event.MESSAGE);
    await conversation.send(new (sdkFor(alice).TextMessage)("hello from node 1"));
    expect((await toBob)[0]).toMatchObject({ text: "hello from node 1", from: alice.id });
    const toAlice = waitForEvent<[Message]>(alice, Event.MESSAGE);
    await bobs.send(new (sdkFor(bob).TextMessage)("hello from node 2"));
    expect((await toAlice)[0]).toMatchObject({ text: "hello from node 2", from: bob.id });

    // session/query (the SDK's ping) goes through the node's Presence port.
    expect(await alice.ping([bob.id, "nobody"])).toEqual([bob.id]);
    expect(await bob.ping([alice.id])).toEqual([alice.id]);
  });
});

describe("presence across two nodes", () => {
  const { Event } = sdk("v5");
  const login = (node: TestNode, who: string): Promise<IMClient> => createClient("v5", node, id(who)).then((c) => c.client);

  it("counts a chat room's online members on both nodes, from both nodes", async () => {
    const [alice, bob, carol] = await Promise.all([login(node1, "alice"), login(node2, "bob"), login(node2, "carol")]);
    const room = await alice.createChatRoom({ name: "lobby" });
    const bobsRoom = await bob.getConversation(room.id);
    await bobsRoom.join();
    await (await carol.getConversation(room.id)).join();
    expect(await room.count()).toBe(3);
    expect(await bobsRoom.count()).toBe(3);
    await carol.close();
    expect(await room.count()).toBe(2);
    expect(await bobsRoom.count()).toBe(2);
  });

  it("REST check-online on node 1 sees a client on node 2, and stops seeing it once it logs out", async () => {
    const dave = await login(node2, "dave");
    const erin = await login(node1, "erin");
    const online = await restCall(node1, "POST", "/1.2/rtm/clients/check-online", { client_ids: [dave.id, "nobody", erin.id] });
    expect(online).toEqual({ status: 200, body: { results: [dave.id, erin.id] } });
    await dave.close();
    expect((await restCall(node1, "POST", "/1.2/rtm/clients/check-online", { client_ids: [dave.id] })).body).toEqual({ results: [] });
  });

  it("REST kick on node 1 closes a client on node 2 before answering", async () => {
    const frank = await login(node2, "frank");
    const closed = waitForEvent<[{ code: number; reason: string }]>(frank, Event.CLOSE);
    const res = await restCall(node1, "POST", `/1.2/rtm/clients/${frank.id}/kick`, { reason: "spam" });
    expect(res).toEqual({ status: 200, body: {} }); // LeanCloud's answer
    expect((await closed)[0]).toMatchObject({ code: errorCodes.KICKED_BY_APP.code, reason: "spam" });
    expect((await restCall(node1, "POST", "/1.2/rtm/clients/check-online", { client_ids: [frank.id] })).body).toEqual({ results: [] });
  });

  it("a kick counts the client's sessions on every node", async () => {
    const gina = id("gina");
    const sessions = await Promise.all([node2, node2, node1].map((node) => createClient("v5", node, gina).then((c) => c.client)));
    const closed = sessions.map((client) => waitForEvent(client, Event.CLOSE));
    expect(await node1.ports.kick(app.id, gina, null)).toBe(3);
    await Promise.all(closed);
    expect(await node1.presence.sessionCount(app.id, gina)).toBe(0);
    expect(await node2.ports.kick(app.id, gina, null)).toBe(0);
  });
});

describe("a node that crashes", () => {
  it("drops out of presence within its TTL", async () => {
    const ttlMs = 1_000;
    const node3 = await startNode(app, { keyPrefix: prefix, ttlMs });
    try {
      const { client: hana } = await createClient("v5", node3, id("hana"));
      const { client: ivan } = await createClient("v5", node1, id("ivan"));
      expect(await ivan.ping([hana.id])).toEqual([hana.id]);

      await node3.crash(); // no clean-up in Redis: the entries stay until the TTL ends
      const crashedAt = Date.now();
      const check = () => restCall(node1, "POST", "/1.2/rtm/clients/check-online", { client_ids: [hana.id] });
      expect((await check()).body).toEqual({ results: [hana.id] });
      while (((await check()).body as { results: string[] }).results.length > 0) {
        expect(Date.now() - crashedAt).toBeLessThan(ttlMs + 1_000);
        await sleep(50);
      }
      expect(await ivan.ping([hana.id])).toEqual([]);
    } finally {
      await node3.close();
    }
  });
});
