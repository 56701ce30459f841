/** Fixed values the launcher is started with (see playwright.config.ts). */
export const E2E = {
  webPort: 3290,
  realtimePort: 3291,
  appId: "e2e-app",
  appKey: "e2e-app-key-0001",
  masterKey: "e2e-master-key-0001",
  adminEmail: "admin@e2e.parley.test",
  adminPassword: "correct horse battery",
} as const;

export const realtimeUrl = `http://127.0.0.1:${E2E.realtimePort}`;
