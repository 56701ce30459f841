import "server-only";
import { createDatabase, type Database } from "@parley/db/client";
import { createOperatorRepository, createOperatorSessionRepository } from "@parley/db";
import { createAuthService, type AuthPolicy, type AuthService } from "./auth/service";
import { createMemoryLoginThrottle } from "./auth/throttle";

/**
 * Composition root of the console: builds everything procedures use from one
 * database pool. Built once per process (getServices) by the route handler and
 * the RSC caller; tests call createServices with their own database and clock.
 */
export interface ServicesConfig {
  /** An open database (tests) or a URL to open one. */
  database: Database | { url: string };
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  authPolicy?: Partial<AuthPolicy>;
}

export interface Services {
  database: Database;
  now: () => number;
  auth: AuthService;
  /** Closes the pool if this instance opened it. */
  close(): Promise<void>;
}

export function createServices(config: ServicesConfig): Services {
  const owned = !("db" in config.database);
  const database: Database = "db" in config.database
    ? config.database
    : createDatabase({ url: config.database.url, applicationName: "parley-web" });
  const now = config.now ?? Date.now;

  const auth = createAuthService({
    operators: createOperatorRepository(database),
    sessions: createOperatorSessionRepository(database),
    throttle: createMemoryLoginThrottle({ now }),
    now,
    ...(config.authPolicy && { policy: config.authPolicy }),
  });

  return {
    database,
    now,
    auth,
    close: () => (owned ? database.close() : Promise.resolve()),
  };
}

const globalForServices = globalThis as unknown as { parleyServices?: Services };

/** The process-wide instance (kept on globalThis so dev hot reloads do not open new pools). */
export function getServices(config: () => ServicesConfig): Services {
  globalForServices.parleyServices ??= createServices(config());
  return globalForServices.parleyServices;
}
