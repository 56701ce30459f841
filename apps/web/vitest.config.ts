import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./src", import.meta.url)),
      "server-only": fileURLToPath(new URL("./test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
    // One PostgreSQL per run (embedded, or TEST_DATABASE_URL); a fresh migrated database per test file.
    globalSetup: ["@parley/db/testing/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
