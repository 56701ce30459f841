// Reusable harness for tests that drive the official SDKs (4.3.1 and 5.0.0-rc.8) against a real
// server on port 0. Conversation/message suites reuse startTestServer / createClient.
import { createRequire } from "node:module";
import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "../../src/index.js";
import type { AppRecord } from "../../src/ports-local.js";
import {
  createInMemoryAppDirectory,
  createInMemorySessionTokenStore,
  createSilentLogger,
  makeTestApp,
  type InMemoryAppDirectory,
  type InMemorySessionTokenStore,
  type TestAppInput,
} from "../../src/testing/index.js";

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
  once(event: string, listener: (...args: any[]) => void): Realtime;
  _close(): void;
  [key: string]: any;
};
export type IMClient = {
  id: string;
  on(event: string, listener: (...args: any[]) => void): IMClient;
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

/** The exact SDK module copy a Realtime instance was built from (for message classes). */
export function sdkFor(realtime: Realtime): Sdk {
  const exports = sdkOfRealtime.get(realtime);
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
  readonly app: AppRecord;
  readonly apps: InMemoryAppDirectory;
  /** The session token store (replaced by restart({ forgetSessionTokens: true })). */
  readonly tokens: InMemorySessionTokenStore;
  readonly logger: ReturnType<typeof createSilentLogger>;
  readonly port: number;
  readonly url: string;
  readonly wsUrl: string;
  /**
   * Stops the server (no grace) and starts a new one on the same port with the same stores,
   * or with an empty session token store (every issued `st` becomes unknown → 4112).
   */
  restart(options?: { forgetSessionTokens?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** The main app (default id "test-app"). */
  app?: TestAppInput;
  /** More apps in the directory. */
  extraApps?: TestAppInput[];
  /** Anything else for createRealtimeServer (handlers, hooks, tls, timeouts…). */
  server?: Partial<RealtimeServerOptions>;
}

const servers = new Set<TestServer>();

export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const app = makeTestApp(options.app ?? { id: "test-app" });
  const apps = createInMemoryAppDirectory([app, ...(options.extraApps ?? []).map(makeTestApp)]);
  let tokens = createInMemorySessionTokenStore();
  const logger = createSilentLogger();
  const start = (port: number) =>
    createRealtimeServer({ host: "127.0.0.1", logger, apps, sessionTokens: tokens, ...options.server, port });
  let server = await start(options.server?.port ?? 0);
  const handle: TestServer = {
    get server() {
      return server;
    },
    app,
    apps,
    get tokens() {
      return tokens;
    },
    logger,
    port: server.port,
    url: server.url,
    wsUrl: server.wsUrl,
    async restart({ forgetSessionTokens = false } = {}) {
      await server.close({ graceMs: 0 });
      if (forgetSessionTokens) tokens = createInMemorySessionTokenStore();
      server = await start(handle.port);
    },
    async close() {
      servers.delete(handle);
      await server.close({ graceMs: 0 });
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

/**
 * Realtime options for one SDK version against a test server:
 * - v5 takes `server: "http(s)://host:port"` and asks our /v1/route;
 * - v4 forces https for router and REST, so on a plain-HTTP server it gets `RTMServers`
 *   (router skipped) plus a bare `server` host for REST; on a TLS server the router is used.
 */
export function realtimeOptions(version: SdkVersion, target: TestServer, options: RealtimeOptions = {}): Record<string, unknown> {
  const base = {
    appId: options.appId ?? target.app.id,
    appKey: options.appKey ?? target.app.key,
    noBinary: options.noBinary ?? false,
  };
  const secure = target.url.startsWith("https:");
  const host = new URL(target.url).host;
  const endpoints =
    version === "v5" ? { server: target.url } : secure ? { server: host } : { server: host, RTMServers: [target.wsUrl] };
  return { ...base, ...endpoints, ...options.extra };
}

const realtimes = new Set<Realtime>();

export function createRealtime(version: SdkVersion, target: TestServer, options: RealtimeOptions = {}): Realtime {
  const realtimeOpts = realtimeOptions(version, target, options);
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
  const realtime = options.realtime ?? createRealtime(version, target, options);
  const client = await realtime.createIMClient(clientId, options.client);
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

/** Polls `predicate` until it is true (or throws after `timeoutMs`). */
export async function waitUntil(predicate: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Closes every Realtime instance and server created through this harness. Call in afterEach. */
export async function cleanupSdk(): Promise<void> {
  for (const realtime of realtimes) {
    try {
      realtime._close();
    } catch {
      // already closed
    }
  }
  realtimes.clear();
  await Promise.all([...servers].map((s) => s.close()));
}
