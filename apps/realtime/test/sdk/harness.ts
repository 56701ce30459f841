// Reusable harness for tests that drive the official SDKs (4.3.1 and 5.0.0-rc.8) against a real
// server on port 0 and a real database (this test file's, see src/testing/database.ts).
// Conversation/message suites reuse startTestServer / createClient.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App, Clock } from "@parley/core";

import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "../../src/index.js";
import { createSilentLogger, createTestApp, openTestBackend, sharedTestDatabase, type TestAppInput, type TestBackend } from "../../src/testing/index.js";

const require = createRequire(import.meta.url);

export type SdkVersion = "v4" | "v5";
export const SDK_VERSIONS: readonly SdkVersion[] = ["v4", "v5"];

/** Event names exported by both SDKs (v4 lacks a few of the newer member events). */
export type SdkEventName =
  | "DISCONNECT" | "RECONNECT" | "RETRY" | "SCHEDULE" | "OFFLINE" | "ONLINE" | "RECONNECT_ERROR"
  | "UNREAD_MESSAGES_COUNT_UPDATE" | "CLOSE" | "CONFLICT" | "CONVERSATION_INFO_UPDATED" | "UNHANDLED_MESSAGE"
  | "INVITED" | "KICKED" | "MEMBERS_JOINED" | "MEMBERS_LEFT" | "MEMBER_INFO_UPDATED" | "BLOCKED" | "UNBLOCKED"
  | "MEMBERS_BLOCKED" | "MEMBERS_UNBLOCKED" | "MUTED" | "UNMUTED" | "MEMBERS_MUTED" | "MEMBERS_UNMUTED"
  | "MESSAGE" | "MESSAGE_RECALL" | "MESSAGE_UPDATE" | "LAST_DELIVERED_AT_UPDATE" | "LAST_READ_AT_UPDATE" | "INFO_UPDATED";

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDKs are untyped CommonJS */
export type Sdk = {
  Realtime: new (options: Record<string, unknown>) => Realtime;
  Event: { readonly [K in SdkEventName]: string };
  ErrorCode: { readonly [name: string]: number | undefined };
  TextMessage: new (text: string) => any;
  [key: string]: any;
};
export type Realtime = {
  createIMClient(id?: string, options?: Record<string, unknown>): Promise<IMClient>;
  on(event: string, listener: (...args: any[]) => void): Realtime;
  off(event: string, listener: (...args: any[]) => void): Realtime;
  once(event: string, listener: (...args: any[]) => void): Realtime;
  _close(): void;
  [key: string]: any;
};
export type IMClient = {
  id: string;
  on(event: string, listener: (...args: any[]) => void): IMClient;
  off(event: string, listener: (...args: any[]) => void): IMClient;
  once(event: string, listener: (...args: any[]) => void): IMClient;
  close(): Promise<void>;
  ping(ids: string[]): Promise<string[]>;
  [key: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const PACKAGES: Record<SdkVersion, string> = { v4: "leancloud-realtime", v5: "leancloud-realtime-v5" };

/**
 * Loaded copies of each SDK module with the app ids they have constructed a Realtime for.
 * v5 allows ONE Realtime per appId per module instance, for the life of the process ("App [x] is
 * already initialized", a module-level registry that is never cleared). Tests need several
 * (devices, restarts), so a further Realtime for a used appId comes from a fresh copy of the
 * module (require cache entry dropped). Constants (Event, ErrorCode) are equal across copies;
 * for classes (TextMessage…) use sdkFor(realtime) so instanceof checks inside the SDK hold.
 */
const copies: Record<SdkVersion, Array<{ exports: Sdk; appIds: Set<string> }>> = { v4: [], v5: [] };

function loadCopy(version: SdkVersion): { exports: Sdk; appIds: Set<string> } {
  const id = require.resolve(PACKAGES[version]);
  delete require.cache[id];
  const copy = { exports: require(id) as Sdk, appIds: new Set<string>() };
  copies[version].push(copy);
  return copy;
}

/** The Realtime class and the other exports of one SDK version (the first loaded copy). */
export function sdk(version: SdkVersion): Sdk {
  return (copies[version][0] ?? loadCopy(version)).exports;
}

const sdkOfRealtime = new WeakMap<object, Sdk>();

/** The exact SDK module copy a Realtime instance (or a client of it) was built from (for message classes). */
export function sdkFor(realtimeOrClient: Realtime | IMClient): Sdk {
  const exports = sdkOfRealtime.get(realtimeOrClient);
  if (!exports) throw new Error("Realtime not created through the harness");
  return exports;
}

function copyFor(version: SdkVersion, appId: string): Sdk {
  if (version === "v4") return sdk("v4"); // v4 has no per-app registry
  if (copies.v5.length === 0) loadCopy("v5");
  const copy = copies.v5.find((c) => !c.appIds.has(appId)) ?? loadCopy("v5");
  copy.appIds.add(appId);
  return copy.exports;
}

export interface TestServer {
  readonly server: RealtimeServer;
  readonly app: App;
  /** Core's ports of the running server (replaced by restart()). */
  readonly backend: TestBackend;
  readonly logger: ReturnType<typeof createSilentLogger>;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  /**
   * Stops the server (no grace) and starts a new one on the same port and database, like a
   * process restart; with `forgetSessionTokens` every issued `st` becomes unknown (→ 4112).
   */
  restart(options?: { forgetSessionTokens?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** The main app (id prefix default "test-app"; a random suffix is added). */
  app?: TestAppInput;
  /** Anything else for createRealtimeServer (handlers, hooks, tls, timeouts…). */
  server?: Partial<Omit<RealtimeServerOptions, "core" | "bus">>;
  /** Server time (message timestamps…); default the system clock. */
  clock?: Clock;
}

const servers = new Set<TestServer>();

export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  let backend = await openTestBackend({ clock: options.clock });
  const app = await createTestApp(backend, options.app);
  const logger = createSilentLogger();
  const start = (port: number) =>
    createRealtimeServer({ host: "127.0.0.1", logger, ...options.server, core: backend.core, bus: backend.bus, port });
  let server = await start(options.server?.port ?? 0);
  // Like a crash: no goaway (the SDK's goaway handling races with the immediate close).
  const stop = async () => {
    await server.close({ graceMs: 0, goaway: false });
    await backend.close();
  };
  const handle: TestServer = {
    get server() {
      return server;
    },
    app,
    get backend() {
      return backend;
    },
    logger,
    port: server.port,
    url: server.url,
    wsUrl: server.wsUrl,
    async restart({ forgetSessionTokens = false } = {}) {
      await stop();
      if (forgetSessionTokens) {
        const database = await sharedTestDatabase();
        await database.sql`delete from session_tokens where app_id = ${app.id}`;
      }
      backend = await openTestBackend({ clock: options.clock });
      server = await start(handle.port);
    },
    async close() {
      servers.delete(handle);
      await stop();
    },
  };
  servers.add(handle);
  return handle;
}

export interface RealtimeOptions {
  appId?: string;
  appKey?: string;
  noBinary?: boolean;
  /** Extra options passed verbatim to `new Realtime`. */
  extra?: Record<string, unknown>;
}

/** A self-signed certificate for 127.0.0.1, made once per test process with the openssl CLI. */
let testCertificate: { cert: string; key: string } | undefined;
export function certificate(): { cert: string; key: string } {
  if (testCertificate) return testCertificate;
  const dir = mkdtempSync(join(tmpdir(), "parley-cert-"));
  try {
    const [certFile, keyFile] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyFile, "-out", certFile],
      { stdio: "ignore" },
    );
    testCertificate = { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return testCertificate;
}

/** `certificate()`, trusted by https.globalAgent: v4 makes its REST calls with axios over it (this process only). */
function trustedCertificate(): { cert: string; key: string } {
  const made = certificate();
  https.globalAgent.options.ca = made.cert;
  return made;
}

/**
 * v4 always makes its REST calls (member info, notification sync) over https. For a plain-HTTP
 * test server it gets this HTTPS front, which forwards every request to the server's port.
 */
const httpsFronts = new Map<TestServer, Promise<{ host: string; server: https.Server }>>();
function httpsFront(target: TestServer): Promise<{ host: string; server: https.Server }> {
  let front = httpsFronts.get(target);
  if (!front) {
    front = new Promise((resolve) => {
      const server = https.createServer(trustedCertificate(), (req, res) => {
        const upstream = http.request({ host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.on("error", () => res.writeHead(502).end());
        req.pipe(upstream);
      });
      server.listen(0, "127.0.0.1", () => resolve({ host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server }));
    });
    httpsFronts.set(target, front);
  }
  return front;
}

/**
 * Realtime options for one SDK version against a test server:
 * - v5 takes `server: "http(s)://host:port"` and asks our /v1/route;
 * - v4 forces https for router and REST, so on a plain-HTTP server it gets `RTMServers`
 *   (router skipped) plus the host of an HTTPS front for REST; on a TLS server the router is used.
 */
export async function realtimeOptions(version: SdkVersion, target: TestServer, options: RealtimeOptions = {}): Promise<Record<string, unknown>> {
  const base = {
    appId: options.appId ?? target.app.id,
    appKey: options.appKey ?? target.app.key,
    noBinary: options.noBinary ?? false,
  };
  const secure = target.url.startsWith("https:");
  let endpoints: Record<string, unknown>;
  if (version === "v5") endpoints = { server: target.url };
  else if (secure) endpoints = { server: new URL(target.url).host };
  else endpoints = { server: (await httpsFront(target)).host, RTMServers: [target.wsUrl] };
  return { ...base, ...endpoints, ...options.extra };
}

const realtimes = new Set<Realtime>();

export async function createRealtime(version: SdkVersion, target: TestServer, options: RealtimeOptions = {}): Promise<Realtime> {
  const realtimeOpts = await realtimeOptions(version, target, options);
  const exports = copyFor(version, String(realtimeOpts.appId));
  const realtime = new exports.Realtime(realtimeOpts);
  sdkOfRealtime.set(realtime, exports);
  realtimes.add(realtime);
  return realtime;
}

export interface CreateClientOptions extends RealtimeOptions {
  /** Reuse a Realtime instance (one WebSocket for several clients). */
  realtime?: Realtime;
  /** Options for createIMClient (tag, signatureFactory, …). */
  client?: Record<string, unknown>;
}

export async function createClient(
  version: SdkVersion,
  target: TestServer,
  clientId: string | undefined,
  options: CreateClientOptions = {},
): Promise<{ client: IMClient; realtime: Realtime }> {
  const realtime = options.realtime ?? (await createRealtime(version, target, options));
  const client = await realtime.createIMClient(clientId, options.client);
  sdkOfRealtime.set(client, sdkFor(realtime));
  return { client, realtime };
}

/** Resolves with the event's arguments, rejects after `timeoutMs`. */
export function waitForEvent<T extends unknown[] = unknown[]>(
  emitter: Pick<Realtime | IMClient, "once">,
  event: string,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

/** Resolves with the arguments of the first `event` whose arguments satisfy `predicate`. */
export function waitForMatching<T extends unknown[] = unknown[]>(
  emitter: Pick<Realtime | IMClient, "on" | "off">,
  event: string,
  predicate: (...args: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      if (!predicate(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for a matching ${event}`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/** Collects every `event` emitted from now on (their first argument). */
export function collectEvents<T = unknown>(emitter: Pick<Realtime | IMClient, "on">, event: string): T[] {
  const seen: T[] = [];
  emitter.on(event, (first: T) => seen.push(first));
  return seen;
}

/** Polls `predicate` until it is true (or throws after `timeoutMs`). */
export async function waitUntil(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Closes every Realtime instance created through this harness (servers stay). */
export function closeClients(): void {
  for (const realtime of realtimes) {
    try {
      realtime._close();
    } catch {
      // already closed
    }
  }
  realtimes.clear();
}

/** Closes every Realtime instance, server and HTTPS front created through this harness. */
export async function cleanupSdk(): Promise<void> {
  closeClients();
  const fronts = [...httpsFronts.values()];
  httpsFronts.clear();
  for (const front of fronts) (await front).server.close();
  await Promise.all([...servers].map((s) => s.close()));
}
