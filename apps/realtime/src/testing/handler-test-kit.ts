// Handler tests without sockets: a realtime core on a real database (this file's) whose
// connections record every frame (decoded back into commands for assertions). Events go
// through an in-process bus, so a use case's pushes are written before the call returns.
import type { App, Clock } from "@parley/core";
import { createInMemoryEventBus, type RecordingEventBus } from "@parley/core/testing";
import { createAppDirectory } from "../adapters/app-directory.js";

import type { Connection } from "../connection/connection.js";
import type { Transport } from "../connection/transport.js";
import type { HandlerTable, RealtimeHooks } from "../handlers/types.js";
import { decodeBase64Command, decodeCommand } from "../protocol/codec.js";
import type { WireFormat } from "../protocol/prepared-command.js";
import type { GenericCommand } from "../protocol/types.js";
import { DEFAULT_CONNECTION_LIMITS, createRealtimeCore, type ConnectionLimits, type RealtimeCore } from "../realtime-core.js";
import { createTestApp, openTestBackend, type TestAppInput, type TestBackend } from "./database.js";
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
  clock?: Clock;
  limits?: Partial<ConnectionLimits>;
  /** Delivery-ack coalescing interval (ms). Default 250 (the server's). */
  ackFlushMs?: number;
}

export interface HandlerTestKit {
  readonly core: RealtimeCore;
  readonly backend: TestBackend;
  /** Every published event batch. */
  readonly bus: RecordingEventBus;
  readonly logger: ReturnType<typeof createSilentLogger>;
  readonly app: App;
  readonly appId: string;
  /** The apps of `extraApps`, in order. */
  readonly extraApps: App[];
  connect(options?: RecordingTransportOptions): TestConnection;
  close(): Promise<void>;
}

export async function createHandlerTestKit(options: HandlerTestKitOptions = {}): Promise<HandlerTestKit> {
  const bus = createInMemoryEventBus();
  const backend = await openTestBackend({ bus, clock: options.clock });
  const app = await createTestApp(backend, options.app);
  const extraApps = await Promise.all((options.extraApps ?? []).map((input) => createTestApp(backend, input)));
  const logger = createSilentLogger();
  const apps = createAppDirectory({ uow: backend.core.uow, bus });
  const core = createRealtimeCore({
    core: backend.core,
    bus,
    apps,
    logger,
    limits: { ...DEFAULT_CONNECTION_LIMITS, ...options.limits },
    ackFlushMs: options.ackFlushMs,
    handlers: options.handlers,
    hooks: options.hooks,
  });
  return {
    core,
    backend,
    bus,
    logger,
    app,
    appId: app.id,
    extraApps,
    connect(transportOptions = {}) {
      const holder: { connection?: Connection } = {};
      const transport = createRecordingTransport(transportOptions, (code, reason) => holder.connection?.transportClosed(code, reason));
      const conn = core.createConnection(transport);
      holder.connection = conn;
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
    async close() {
      await core.close();
      apps.close();
      await backend.close();
    },
  };
}
