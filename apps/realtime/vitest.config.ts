import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // One PostgreSQL per run (embedded, or TEST_DATABASE_URL); each test file copies the migrated template.
    globalSetup: ["@parley/db/testing/global-setup"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SDK tests start real servers and sockets; keep files isolated in forks.
    pool: "forks",
  },
});
