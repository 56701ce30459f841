import { randomBytes } from "node:crypto";
import { createApp, getApp, isDomainError, type App } from "@parley/core";
import { createCoreRuntime } from "@parley/db/system";
import { createOperatorRepository } from "@parley/db/operators";
import { cliActor } from "./actor.js";
import type { LauncherEnv } from "./config.js";

export interface Provisioned {
  app: App;
  generatedMasterKey: boolean;
  /** Set when the first operator is to be created now (the console creates it with its password hashing). */
  admin: { email: string; password: string; generatedPassword: string | null } | null;
}

const DEFAULT_ADMIN_EMAIL = "admin@parley.local";

/**
 * First start: creates the default app from PARLEY_APP_ID / PARLEY_APP_KEY /
 * PARLEY_MASTER_KEY (generated when unset) and decides the first operator's
 * credentials; the console creates that operator when it starts, so password
 * hashing stays in one place. Later starts change nothing.
 */
export async function provision(databaseUrl: string, env: LauncherEnv): Promise<Provisioned> {
  const runtime = createCoreRuntime({ url: databaseUrl, max: 2 });
  try {
    const appId = env.PARLEY_APP_ID ?? "parley";
    let app: App;
    let generatedMasterKey = false;
    try {
      app = await getApp(runtime.deps, cliActor(appId), { appId });
    } catch (err) {
      if (!isDomainError(err) || err.code !== "APP_NOT_FOUND") throw err;
      generatedMasterKey = env.PARLEY_MASTER_KEY === undefined;
      app = await createApp(runtime.deps, cliActor(appId), {
        id: appId,
        name: appId === "parley" ? "Default app" : appId,
        ...(env.PARLEY_APP_KEY ? { key: env.PARLEY_APP_KEY } : {}),
        ...(env.PARLEY_MASTER_KEY ? { masterKey: env.PARLEY_MASTER_KEY } : {}),
      });
    }
    const operators = createOperatorRepository(runtime.database);
    let admin: Provisioned["admin"] = null;
    if ((await operators.count()) === 0) {
      const generated = env.PARLEY_ADMIN_PASSWORD ? null : randomBytes(12).toString("base64url");
      admin = {
        email: env.PARLEY_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL,
        password: env.PARLEY_ADMIN_PASSWORD ?? generated!,
        generatedPassword: generated,
      };
    }
    return { app, generatedMasterKey, admin };
  } finally {
    await runtime.close();
  }
}
