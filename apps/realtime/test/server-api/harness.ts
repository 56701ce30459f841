// One real database (copied from the run's migrated template) and one node:http server on port 0
// serving createServerApi, per test file. Requests go over real HTTP with real headers.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type Actor, type App, type DomainEvent } from "@parley/core";
import { createInMemoryPresence, type InMemoryPresence } from "@parley/core/testing";
import { createCoreRuntime, type CoreRuntime } from "@parley/db/system";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { createServerApi, type ServerApiPresence } from "../../src/http/server-api/index.js";
import { createSilentLogger } from "../../src/testing/silent-logger.js";

export type Credentials =
  | "master"
  | "app"
  | "none"
  | "wrong-master"
  | "unknown-app"
  | "sign-master"
  | "sign-app"
  | { headers: Record<string, string> };

export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  auth?: Credentials;
  query?: Record<string, string | number | boolean>;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  body: any;
}

export interface Harness {
  readonly baseUrl: string;
  readonly app: App;
  /** A second app: its master key must not open the first app. */
  readonly otherApp: App;
  readonly runtime: CoreRuntime;
  readonly presence: InMemoryPresence;
  readonly kicks: Array<{ appId: string; clientId: string; reason: string | null }>;
  readonly logger: ReturnType<typeof createSilentLogger>;
  /** Every domain event published since the harness started. */
  readonly events: DomainEvent[];
  /** While set, the presence port throws this (an unexpected failure → 500). */
  presenceFailure: Error | null;
  /** A server actor of `app`, for arranging and checking state through core directly. */
  actor(clientId?: string): Actor;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

const ADMIN: Actor = { kind: "operator", appId: "", operatorId: "test-admin", role: "admin", displayAs: "admin" };

export const md5 = (text: string) => createHash("md5").update(text).digest("hex");

export async function startHarness(): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  const runtime = createCoreRuntime({ url: database.url, max: 4 });
  await runtime.bus.ready();
  const events: DomainEvent[] = [];
  const unsubscribe = runtime.bus.subscribe((batch) => {
    events.push(...batch);
  });
  const suffix = Math.random().toString(36).slice(2, 8);
  const app = await createApp(runtime.deps, ADMIN, { id: `rest-${suffix}`, name: "rest", key: "app-key-123", masterKey: "master-key-123" });
  const otherApp = await createApp(runtime.deps, ADMIN, {
    id: `other-${suffix}`,
    name: "other",
    key: "other-key-123",
    masterKey: "other-master-123",
  });

  const presence = createInMemoryPresence();
  const kicks: Harness["kicks"] = [];
  const logger = createSilentLogger();
  const failingPresence: ServerApiPresence = {
    async onlineClientIds(appId, clientIds) {
      if (harness.presenceFailure) throw harness.presenceFailure;
      return presence.onlineClientIds(appId, clientIds);
    },
  };
  const handler = createServerApi({
    deps: runtime.deps,
    presence: failingPresence,
    kick: async (appId, clientId, reason) => {
      kicks.push({ appId, clientId, reason });
      return 1;
    },
    logger,
  });
  const server = http.createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { "Content-Type": "application/json" }).end('{"code":404,"error":"not served"}');
      },
      (err: unknown) => res.writeHead(599).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function headersFor(auth: Credentials): Record<string, string> {
    if (typeof auth === "object") return auth.headers;
    const now = String(Date.now());
    switch (auth) {
      case "master":
        return { "X-LC-Id": app.id, "X-LC-Key": `${app.masterKey},master` };
      case "app":
        return { "X-LC-Id": app.id, "X-LC-Key": app.key };
      case "none":
        return { "X-LC-Id": app.id };
      case "wrong-master":
        return { "X-LC-Id": app.id, "X-LC-Key": `${otherApp.masterKey},master` };
      case "unknown-app":
        return { "X-LC-Id": "no-such-app", "X-LC-Key": `${app.masterKey},master` };
      case "sign-master":
        return { "X-LC-Id": app.id, "X-LC-Sign": `${md5(now + app.masterKey)},${now},master` };
      case "sign-app":
        return { "X-LC-Id": app.id, "X-LC-Sign": `${md5(now + app.key)},${now}` };
    }
  }

  async function call(method: string, path: string, { body, rawBody, auth = "master", query }: CallOptions = {}): Promise<ApiResponse> {
    const url = new URL(path, baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
    const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const res = await fetch(url, {
      method,
      headers: { ...(payload !== undefined ? { "Content-Type": "application/json" } : {}), ...headersFor(auth) },
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // leave as text
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parsed };
  }

  const harness: Harness = {
    presenceFailure: null,
    baseUrl,
    app,
    otherApp,
    runtime,
    presence,
    kicks,
    logger,
    events,
    actor: (clientId = "") => ({ kind: "server", appId: app.id, clientId }),
    call,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      unsubscribe();
      await runtime.close();
      await database.drop();
    },
  };
  return harness;
}

export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const OBJECT_ID = /^[0-9a-f]{24}$/;
