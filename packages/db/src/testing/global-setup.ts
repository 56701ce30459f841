import type { TestProject } from "vitest/node";
import { provisionTestServer } from "./server.js";
import "./context.js";

/**
 * vitest globalSetup: one PostgreSQL per test run. Embedded PostgreSQL in a
 * temporary directory, or the server at TEST_DATABASE_URL when that is set
 * (CI runs the suite a second time against the system PostgreSQL). A migrated
 * template database is created once; test files copy it with createTestDatabase().
 *
 * Use it from any package's vitest config:
 *   test: { globalSetup: ["@parley/db/testing/global-setup"] }
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { server, teardown } = await provisionTestServer({ externalUrl: process.env.TEST_DATABASE_URL || undefined });
  project.provide("parleyTestDatabaseServer", server);
  return teardown;
}
