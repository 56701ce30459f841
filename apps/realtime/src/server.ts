// createRealtimeServer: HTTP (router, health, IM REST, REST hook) and the WebSocket gateway in
// front of the realtime core. Core's ports and the event bus come in; main.ts builds them.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { CoreDeps, EventBus } from "@parley/core";
import { createAppDirectory, type AppDirectory } from "./adapters/app-directory.js";
import type { SessionHub } from "./fanout/session-hub.js";
import type { HandlerTable, RealtimeHooks } from "./handlers/types.js";
import { createImRestHandler } from "./http/im-rest.js";
import { createHttpHandler, type RestHandler } from "./http/request-handler.js";
import { createConsoleLogger, type Logger } from "./logger.js";
import { DEFAULT_CONNECTION_LIMITS, createRealtimeCore } from "./realtime-core.js";
import { DEFAULT_COMMAND_DEADLINE_MS } from "./connection/connection.js";
import { guardHeaderTimeout } from "./transport/header-timeout.js";
import { createWebSocketGateway } from "./transport/websocket-gateway.js";

export interface RealtimeServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Listen address. Default "0.0.0.0". */
  host?: string;
  /** Public base URL announced by /v1/route (e.g. "https://im.example.com"). Default: the request's Host. */
  publicUrl?: string;
  /** Serve HTTPS/WSS directly. PEM strings or buffers. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Largest WebSocket message accepted; larger ones close the connection with 4109. Default 512 KiB. */
  maxFrameBytes?: number;
  /** Close a connection whose unsent outbound data exceeds this. Default 1 MiB. */
  maxOutboundBufferBytes?: number;
  /** No session/open within this time → close 4108. Default 60 s. */
  loginTimeoutMs?: number;
  /** Nothing received for this long → close 4107. Default 300 s (the SDK pings every 180 s). */
  idleTimeoutMs?: number;
  /** Queued commands per connection before replying 4116. Default 256. */
  maxPendingCommands?: number;
  /** `direct` commands of one connection handled concurrently (replies keep request order). Default 32. */
  maxConcurrentDirects?: number;
  /** A command queued longer than this is refused with 4116 instead of handled. Default 15 s. */
  queueDeadlineMs?: number;
  /**
   * Every command is answered within this many ms of its arrival (default 15 s, under the SDK's
   * 20 s request timeout; 0 = no deadline). Storage work that has not started committing by then
   * is rolled back and the command fails with 4301 CONVERSATION_API_FAILED (nothing stored, the
   * client may retry); a command whose commit is in flight gets its real reply whenever it comes.
   */
  commandDeadlineMs?: number;
  /**
   * A connection must finish the headers of its first HTTP request (WebSocket upgrades included)
   * within this many ms, else the socket is destroyed (slowloris). Later requests on a keep-alive
   * connection are bounded by Node's headersTimeout, set to the same value. Default 4 s.
   */
  upgradeTimeoutMs?: number;
  /** `ttl` of /v1/route answers, seconds. Default 3600. */
  routeTtlSeconds?: number;
  /** Time between the goaway push and closing connections with 1001 on close(). Default 5 s. */
  shutdownGraceMs?: number;
  /** Core's ports (use cases run on them). `presence` is replaced by this server's session hub. */
  core: CoreDeps;
  /** Committed domain events from every process: the fan-out and the app cache listen here. */
  bus: EventBus;
  /** Default: core's AppRepository behind a cache invalidated by `AppChanged` on the bus. */
  apps?: AppDirectory;
  /** Backs GET /healthz (200 when true, else 503). Default: always healthy. */
  healthCheck?: () => Promise<boolean>;
  /** Added to / replacing the default handlers, by "cmd/op" key. */
  handlers?: HandlerTable;
  hooks?: RealtimeHooks;
  /** Serves HTTP paths the server itself does not (after /v1/route, /healthz and the SDK's REST calls). */
  restHandler?: RestHandler;
  logger?: Logger;
}

export interface RealtimeServer {
  readonly port: number;
  /** http(s)://host:port of this server (what v5's `server` option takes). */
  readonly url: string;
  /** ws(s)://host:port/ (what `RTMServers` takes). */
  readonly wsUrl: string;
  readonly hub: SessionHub;
  readonly connectionCount: number;
  /**
   * Broadcast goaway, wait up to `graceMs`, close the rest with 1001, stop listening.
   * `goaway: false` skips the announcement (a crash-like stop: clients just see the socket close).
   */
  close(options?: { graceMs?: number; goaway?: boolean }): Promise<void>;
}

/** Under 5 s, so a trickled request is gone within 5 s even with timer jitter. */
export const DEFAULT_UPGRADE_TIMEOUT_MS = 4_000;

/**
 * Node's own header/request limits, for requests after the first on a keep-alive connection
 * (the first is guarded exactly by guardHeaderTimeout). Node only checks them every
 * connectionsCheckingInterval, so that is made a fraction of the limit.
 */
function httpTimeouts(upgradeTimeoutMs: number): http.ServerOptions {
  return {
    headersTimeout: upgradeTimeoutMs,
    requestTimeout: Math.max(upgradeTimeoutMs, 300_000), // Node's default; must not be below headersTimeout
    connectionsCheckingInterval: Math.max(250, Math.min(1_000, Math.floor(upgradeTimeoutMs / 4))),
  };
}

export async function createRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const logger = options.logger ?? createConsoleLogger();
  const limits = {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_CONNECTION_LIMITS.maxFrameBytes,
    maxOutboundBufferBytes: options.maxOutboundBufferBytes ?? DEFAULT_CONNECTION_LIMITS.maxOutboundBufferBytes,
    loginTimeoutMs: options.loginTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.loginTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.idleTimeoutMs,
    maxPendingCommands: options.maxPendingCommands ?? DEFAULT_CONNECTION_LIMITS.maxPendingCommands,
    maxConcurrentDirects: options.maxConcurrentDirects ?? DEFAULT_CONNECTION_LIMITS.maxConcurrentDirects,
    queueDeadlineMs: options.queueDeadlineMs ?? DEFAULT_CONNECTION_LIMITS.queueDeadlineMs,
    // Not (yet) a field of ConnectionLimits: realtime-core passes the limits on to each Connection as they are.
    commandDeadlineMs: options.commandDeadlineMs ?? DEFAULT_COMMAND_DEADLINE_MS,
  };
  const ownApps = options.apps ? undefined : createAppDirectory({ uow: options.core.uow, bus: options.bus });
  const apps = options.apps ?? ownApps!;
  const core = createRealtimeCore({
    core: options.core,
    bus: options.bus,
    apps,
    logger,
    limits,
    handlers: options.handlers,
    hooks: options.hooks,
  });
  const imRest = createImRestHandler({ core: core.services.core, apps });

  const gateway = createWebSocketGateway({
    maxFrameBytes: limits.maxFrameBytes,
    isAccepting: () => !core.draining,
    createConnection: core.createConnection,
    logger,
  });
  const handleHttp = createHttpHandler({
    apps,
    publicUrl: options.publicUrl ? new URL(options.publicUrl) : undefined,
    tls: options.tls !== undefined,
    ttlSeconds: options.routeTtlSeconds ?? 3600,
    healthCheck: options.healthCheck ?? (async () => true),
    isDraining: () => core.draining,
    restHandler: async (req, res) => (await imRest(req, res)) || ((await options.restHandler?.(req, res)) ?? false),
    logger,
  });
  const upgradeTimeoutMs = options.upgradeTimeoutMs ?? DEFAULT_UPGRADE_TIMEOUT_MS;
  const timeouts = httpTimeouts(upgradeTimeoutMs);
  const httpServer = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key, handshakeTimeout: upgradeTimeoutMs, ...timeouts }, handleHttp)
    : http.createServer(timeouts, handleHttp);
  guardHeaderTimeout(httpServer, upgradeTimeoutMs, options.tls !== undefined);
  httpServer.on("upgrade", gateway.handleUpgrade);

  const host = options.host ?? "0.0.0.0";
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  httpServer.on("error", (err) => logger.error("http server error", { err }));

  const port = (httpServer.address() as AddressInfo).port;
  const displayHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const secure = options.tls !== undefined;
  logger.info("listening", { host, port, tls: secure });

  async function shutdown(graceMs: number, goaway: boolean): Promise<void> {
    core.startDraining(goaway);
    await core.whenEmpty(graceMs);
    for (const connection of core.connections) connection.close(1001, "GOING_AWAY");
    await core.whenEmpty(2_000);
    gateway.terminateAll();
    await core.whenEmpty(1_000);
    gateway.close();
    await core.close();
    ownApps?.close();
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `${secure ? "https" : "http"}://${displayHost}:${port}`,
    wsUrl: `${secure ? "wss" : "ws"}://${displayHost}:${port}/`,
    hub: core.hub,
    get connectionCount() {
      return core.connections.size;
    },
    close({ graceMs = options.shutdownGraceMs ?? 5_000, goaway = true } = {}) {
      closing ??= shutdown(graceMs, goaway);
      return closing;
    },
  };
}
