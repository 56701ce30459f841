import type { TestDatabaseServer } from "./server.js";

declare module "vitest" {
  export interface ProvidedContext {
    parleyTestDatabaseServer: TestDatabaseServer;
  }
}

export {};
