// The REST API's presence and kick ports of a node without Redis: this node's hub answers, and a
// kick is a ClientKicked event on the bus (the multi-node suites cover the Redis side).
import { createInMemoryEventBus, createInMemoryStore, createInMemoryUnitOfWork } from "@parley/core/testing";
import { describe, expect, it } from "vitest";
import type { Session } from "../connection/session.js";
import { SessionHub } from "../fanout/session-hub.js";
import { createSilentLogger } from "../testing/silent-logger.js";
import { createHubPresence } from "./presence.js";
import { createServerApiPorts } from "./server-api-ports.js";

const session = (appId: string, clientId: string, id: string): Session => ({ id, appId, clientId }) as Session;

function setup() {
  const bus = createInMemoryEventBus();
  const uow = createInMemoryUnitOfWork(createInMemoryStore(), bus);
  const late: { hub?: SessionHub } = {};
  const ports = createServerApiPorts({ uow, hub: () => late.hub, logger: createSilentLogger() });
  return { bus, late, ports };
}

describe("server API ports on a single node", () => {
  it("answer nothing online and count no session before the server exists", async () => {
    const { ports, bus } = setup();
    expect(await ports.presence.onlineClientIds("app", ["a"])).toEqual([]);
    expect(await ports.kick("app", "a", null)).toBe(0);
    expect(bus.events()).toMatchObject([{ type: "ClientKicked", appId: "app", clientId: "a", reason: null }]);
  });

  it("answer from the hub and count its sessions when kicking", async () => {
    const { ports, bus, late } = setup();
    const hub = (late.hub = new SessionHub());
    hub.add(session("app", "a", "1"));
    hub.add(session("app", "a", "2"));
    hub.add(session("other", "b", "3"));
    expect(await ports.presence.onlineClientIds("app", ["b", "a", "a"])).toEqual(["a"]);
    expect(await createHubPresence(hub).onlineClientIds("app", ["a"])).toEqual(["a"]);
    expect(await ports.kick("app", "a", "spam")).toBe(2);
    expect(bus.events().at(-1)).toMatchObject({ type: "ClientKicked", appId: "app", clientId: "a", reason: "spam" });
  });
});

describe("SessionHub observers", () => {
  it("hear of the sessions already there, then of each change, until they stop", () => {
    const hub = new SessionHub();
    const s1 = session("app", "a", "1");
    const s2 = session("app", "b", "2");
    hub.add(s1);
    const heard: string[] = [];
    const stop = hub.observe({ sessionAdded: (s) => heard.push(`+${s.id}`), sessionRemoved: (s) => heard.push(`-${s.id}`) });
    hub.add(s2);
    hub.add(s2); // already there: nothing
    hub.remove(s1);
    hub.remove(s1); // already gone: nothing
    stop();
    hub.remove(s2);
    expect(heard).toEqual(["+1", "+2", "-1"]);
  });
});
