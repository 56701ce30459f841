import { defineConfig } from "@playwright/test";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2E } from "./support/env";

/**
 * The end-to-end suite starts Parley exactly as a user does (`pnpm start`, the
 * launcher) on its own ports and a throw-away data folder, then drives Debian's
 * Chromium against the console while official SDK clients act on the realtime service.
 */


const dataDir = process.env.PARLEY_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "parley-e2e-"));
// As root, the embedded PostgreSQL runs as the postgres user, which must be able to enter the folder.
chmodSync(dataDir, 0o755);
process.env.PARLEY_E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  outputDir: "./test-results/artifacts",
  reporter: [["list"], ["json", { outputFile: "./test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.webPort}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "../node_modules/.bin/tsx ../tools/parley/src/start.ts",
    // The launcher prints its banner only once both services answer; wait for the console.
    url: `http://127.0.0.1:${E2E.webPort}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PARLEY_DATA_DIR: dataDir,
      WEB_PORT: String(E2E.webPort),
      REALTIME_PORT: String(E2E.realtimePort),
      PARLEY_APP_ID: E2E.appId,
      PARLEY_APP_KEY: E2E.appKey,
      PARLEY_MASTER_KEY: E2E.masterKey,
      PARLEY_ADMIN_EMAIL: E2E.adminEmail,
      PARLEY_ADMIN_PASSWORD: E2E.adminPassword,
    },
  },
});
