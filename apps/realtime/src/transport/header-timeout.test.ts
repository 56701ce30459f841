// The first request's headers must be complete within the limit; complete requests are untouched.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardHeaderTimeout } from "./header-timeout.js";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(timeoutMs: number): Promise<number> {
  // Node's own check is pushed far out, so only the guard can cut.
  const server = http.createServer({ headersTimeout: 60_000, connectionsCheckingInterval: 30_000 }, (_req, res) => res.end("ok"));
  guardHeaderTimeout(server, timeoutMs, false);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

/** Connects and writes `text` one character every `everyMs`; resolves with what came back and when the socket closed. */
function trickle(port: number, text: string, everyMs: number): Promise<{ ms: number; received: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    socket.on("connect", () => (timer = setInterval(() => i < text.length && socket.write(text[i++]!), everyMs)));
    socket.on("data", (d: Buffer) => (received += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, received });
    });
  });
}

describe("guardHeaderTimeout", () => {
  it("destroys a connection whose first request's headers are not complete in time, with a 408", async () => {
    const port = await start(300);
    const { ms, received } = await trickle(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(200)}\r\n\r\n`, 20);
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(1_000);
    expect(received).toMatch(/^HTTP\/1.1 408 /);
  });

  it("leaves complete requests and their keep-alive connection alone", async () => {
    const port = await start(300);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve(body));
          })
          .on("error", reject);
      });
    expect(await get()).toBe("ok");
    await new Promise((r) => setTimeout(r, 500)); // past the limit, on the same socket
    expect(await get()).toBe("ok");
    agent.destroy();
  });
});
