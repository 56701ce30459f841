// A real realtime server on port 0 over this test file's database, with one app.
import type { App } from "@parley/core";

import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "../server.js";
import { createTestApp, openTestBackend, type TestAppInput, type TestBackend } from "./database.js";
import { createSilentLogger } from "./silent-logger.js";

export interface TestRealtimeServer {
  readonly server: RealtimeServer;
  readonly app: App;
  readonly backend: TestBackend;
  /** Closes the server (no grace) and its backend. */
  close(): Promise<void>;
}

export interface StartTestRealtimeServerOptions {
  app?: TestAppInput;
  server?: Partial<Omit<RealtimeServerOptions, "core" | "bus">>;
}

export async function startTestRealtimeServer(options: StartTestRealtimeServerOptions = {}): Promise<TestRealtimeServer> {
  const backend = await openTestBackend();
  const app = await createTestApp(backend, options.app);
  const server = await createRealtimeServer({
    port: 0,
    host: "127.0.0.1",
    logger: createSilentLogger(),
    ...options.server,
    core: backend.core,
    bus: backend.bus,
  });
  return {
    server,
    app,
    backend,
    async close() {
      await server.close({ graceMs: 0 });
      await backend.close();
    },
  };
}
