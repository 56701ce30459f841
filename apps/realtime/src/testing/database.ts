// One PostgreSQL database per test file (copied from the run's migrated template by @parley/db's
// test helpers), core's ports on it, and apps with unique ids so tests sharing it stay apart.
import { randomBytes } from "node:crypto";
import { AppSettings, type App, type AppSettingsInput, type Clock, type EventBus } from "@parley/core";
import { openTestDatabase, type OpenTestDatabase } from "@parley/db/testing";
import { createPostgresBackend, type Backend } from "../backend.js";
import { createSilentLogger } from "./silent-logger.js";

let shared: Promise<OpenTestDatabase> | undefined;

/** This test file's database (opened on first use; test/setup.ts drops it after the file). */
export function sharedTestDatabase(): Promise<OpenTestDatabase> {
  shared ??= openTestDatabase({ max: 10 });
  return shared;
}

export async function disposeSharedTestDatabase(): Promise<void> {
  const database = shared;
  shared = undefined;
  if (database) await (await database).dispose();
}

export interface TestBackendOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: PostgreSQL LISTEN/NOTIFY on the database, as in production. */
  bus?: EventBus;
}

/** Core's ports on this file's database (errors go nowhere). Close it, not the database, when done. */
export type TestBackend = Backend;

export async function openTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const backend = createPostgresBackend(await sharedTestDatabase(), { logger: createSilentLogger(), ...options });
  await backend.ready();
  return backend;
}

export interface TestAppInput {
  /** Prefix of the id; a random suffix keeps apps of one database apart. Default "test-app". */
  id?: string;
  key?: string;
  masterKey?: string;
  settings?: AppSettingsInput;
}

/** Inserts an app (key `<id>-key`, master key `<id>-master`), settings defaulted as core does. */
export async function createTestApp(backend: Pick<Backend, "core">, input: TestAppInput = {}): Promise<App> {
  const id = `${input.id ?? "test-app"}-${randomBytes(4).toString("hex")}`;
  const now = new Date(backend.core.clock.now());
  const app: App = {
    id,
    name: id,
    key: input.key ?? `${id}-key`,
    masterKey: input.masterKey ?? `${id}-master`,
    settings: AppSettings.parse(input.settings ?? {}),
    createdAt: now,
    updatedAt: now,
  };
  await backend.core.uow.run((tx) => tx.apps.insert(app));
  return app;
}
