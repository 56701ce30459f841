// Handler tests without sockets: a realtime core with in-memory ports and connections whose
// transport records every frame (decoded back into commands for assertions).
import type { Connection } from "../connection/connection.js";
import type { Transport } from "../connection/transport.js";
import type { HandlerTable, RealtimeHooks } from "../handlers/types.js";
import { decodeBase64Command, decodeCommand } from "../protocol/codec.js";
import type { WireFormat } from "../protocol/prepared-command.js";
import type { GenericCommand } from "../protocol/types.js";
import { DEFAULT_CONNECTION_LIMITS, createRealtimeCore, type ConnectionLimits, type RealtimeCore } from "../realtime-core.js";
import {
  createInMemoryAppDirectory,
  makeTestApp,
  type InMemoryAppDirectory,
  type TestAppInput,
} from "./in-memory-app-directory.js";
import { createInMemorySessionTokenStore, type InMemorySessionTokenStore } from "./in-memory-session-token-store.js";
import { createSilentLogger } from "./silent-logger.js";

export interface RecordingTransport extends Transport {
  /** Every frame sent, decoded. */
  readonly sent: GenericCommand[];
  /** Set once the connection asked to close. */
  closed: { code: number; reason: string } | undefined;
  /** What bufferedAmount() reports (to simulate a slow consumer). */
  buffered: number;
}

export interface RecordingTransportOptions {
  format?: WireFormat;
  origin?: string;
  protocolVersion?: 1 | 3;
}

export function createRecordingTransport(
  options: RecordingTransportOptions = {},
  onClose: (code: number, reason: string) => void = () => {},
): RecordingTransport {
  const format = options.format ?? "binary";
  const transport: RecordingTransport = {
    protocol: `lc.${format === "binary" ? "protobuf2" : "proto2base64"}.${options.protocolVersion ?? 3}`,
    format,
    protocolVersion: options.protocolVersion ?? 3,
    origin: options.origin,
    remoteAddress: "127.0.0.1",
    sent: [],
    closed: undefined,
    buffered: 0,
    bufferedAmount: () => transport.buffered,
    send(frame) {
      const limit = { maxBytes: Number.MAX_SAFE_INTEGER };
      transport.sent.push(typeof frame === "string" ? decodeBase64Command(frame, limit) : decodeCommand(frame, limit));
    },
    close(code, reason) {
      if (transport.closed) return;
      transport.closed = { code, reason };
      queueMicrotask(() => onClose(code, reason));
    },
  };
  return transport;
}

export interface TestConnection {
  readonly connection: Connection;
  readonly transport: RecordingTransport;
  /** Dispatches one command as if decoded from a frame, and waits for its handler. */
  send(command: GenericCommand): Promise<void>;
  /** Frames sent since the previous take() (and forgets them). */
  take(): GenericCommand[];
  /** Simulates the client going away. */
  drop(): void;
}

export interface HandlerTestKitOptions {
  app?: TestAppInput;
  extraApps?: TestAppInput[];
  handlers?: HandlerTable;
  hooks?: RealtimeHooks;
  now?: () => number;
  limits?: Partial<ConnectionLimits>;
}

export interface HandlerTestKit {
  readonly core: RealtimeCore;
  readonly apps: InMemoryAppDirectory;
  readonly tokens: InMemorySessionTokenStore;
  readonly logger: ReturnType<typeof createSilentLogger>;
  readonly appId: string;
  connect(options?: RecordingTransportOptions): TestConnection;
}

export function createHandlerTestKit(options: HandlerTestKitOptions = {}): HandlerTestKit {
  const app = makeTestApp(options.app ?? { id: "test-app" });
  const apps = createInMemoryAppDirectory([app, ...(options.extraApps ?? []).map(makeTestApp)]);
  const tokens = createInMemorySessionTokenStore({ now: options.now });
  const logger = createSilentLogger();
  const core = createRealtimeCore({
    apps,
    sessionTokens: tokens,
    logger,
    limits: { ...DEFAULT_CONNECTION_LIMITS, ...options.limits },
    handlers: options.handlers,
    hooks: options.hooks,
    now: options.now,
  });
  return {
    core,
    apps,
    tokens,
    logger,
    appId: app.id,
    connect(transportOptions = {}) {
      let connection: Connection | undefined;
      const transport = createRecordingTransport(transportOptions, (code, reason) =>
        connection?.transportClosed(code, reason),
      );
      connection = core.createConnection(transport);
      const conn = connection;
      let seen = 0;
      return {
        connection: conn,
        transport,
        send: (command) => core.dispatch(conn, command),
        take() {
          const frames = transport.sent.slice(seen);
          seen = transport.sent.length;
          return frames;
        },
        drop() {
          conn.transportClosed(1006, "");
        },
      };
    },
  };
}
