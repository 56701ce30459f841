// The HTTP side over a real socket: router, health, CORS, REST hook, 404.
import { afterEach, describe, expect, it } from "vitest";
import type { RealtimeServer, RealtimeServerOptions } from "../server.js";
import { startTestRealtimeServer, type TestRealtimeServer } from "../testing/index.js";

const servers: TestRealtimeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type RouteBody = { server: string; secondary: string; ttl: number };
const route = async (res: Response) => (await res.json()) as RouteBody;

let app = "";

async function start(options: Partial<RealtimeServerOptions> = {}): Promise<RealtimeServer> {
  const started = await startTestRealtimeServer({ app: { id: "app" }, server: options });
  servers.push(started);
  app = started.app.id;
  return started.server;
}

describe("GET /v1/route", () => {
  it("answers JSON {server, secondary, ttl} built from the Host header", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/v1/route?appId=${app}&secure=false&_t=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const ws = `ws://127.0.0.1:${server.port}/`;
    expect(await res.json()).toEqual({ server: ws, secondary: ws, ttl: 3600 });
  });

  it("gives ws for secure=true when the request came over plain HTTP without a public URL", async () => {
    const server = await start();
    const body = await route(await fetch(`${server.url}/v1/route?appId=${app}&secure=true`));
    expect(body.server).toBe(`ws://127.0.0.1:${server.port}/`);
    const proxied = await route(await fetch(`${server.url}/v1/route?appId=${app}`, { headers: { "X-Forwarded-Proto": "https" } }));
    expect(proxied.server).toBe(`wss://127.0.0.1:${server.port}/`);
  });

  it("uses the configured public URL and honours secure", async () => {
    const server = await start({ publicUrl: "https://im.example.com/rt/", routeTtlSeconds: 60 });
    const secure = await (await fetch(`${server.url}/v1/route?appId=${app}&secure=true`)).json();
    expect(secure).toEqual({ server: "wss://im.example.com/rt/", secondary: "wss://im.example.com/rt/", ttl: 60 });
    const plain = await route(await fetch(`${server.url}/v1/route?appId=${app}&secure=false`));
    expect(plain.server).toBe("ws://im.example.com/rt/");
  });

  it("rejects a missing or unknown app with a {code, error} body", async () => {
    const server = await start();
    const missing = await fetch(`${server.url}/v1/route`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ code: 1, error: "appId is required" });
    const unknown = await fetch(`${server.url}/v1/route?appId=nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 4100 });
  });
});

describe("GET /healthz", () => {
  it("reflects the injected health check (false or throwing → 503)", async () => {
    let healthy: boolean | Error = true;
    const server = await start({
      healthCheck: async () => {
        if (healthy instanceof Error) throw healthy;
        return healthy;
      },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    healthy = false;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    healthy = new Error("db down");
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable" });
  });
});

describe("CORS, REST hook and 404", () => {
  it("answers preflights for the LeanCloud headers", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/1.1/rtm/notifications`, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Headers": "x-lc-id,x-lc-im-session-token" },
    });
    expect(res.status).toBe(204);
    const allowed = res.headers.get("access-control-allow-headers") ?? "";
    for (const header of ["X-LC-Id", "X-LC-Key", "X-LC-IM-Session-Token", "Content-Type"]) expect(allowed).toContain(header);
  });

  it("passes other paths to the REST handler, then 404 JSON", async () => {
    const server = await start({
      restHandler: async (req, res) => {
        if (!req.url?.startsWith("/1.1/rtm/sign")) return false;
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"signature":"s"}');
        return true;
      },
    });
    expect(await (await fetch(`${server.url}/1.1/rtm/sign`, { method: "POST" })).json()).toEqual({ signature: "s" });
    const res = await fetch(`${server.url}/1.1/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 404, error: "Not found: GET /1.1/nothing" });
  });

  it("turns a throwing REST handler into a 500 {code, error}", async () => {
    const server = await start({ restHandler: async () => Promise.reject(new Error("boom")) });
    const res = await fetch(`${server.url}/1.1/x`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 1, error: "Internal server error." });
  });
});
