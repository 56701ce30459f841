import "server-only";
import { getApp, type Actor, type CoreDeps } from "@parley/core";
import type { RealtimeAppCredentials } from "./client";

/** The app's id and master key, read server-side for a call to the realtime service. Never returned to a browser. */
export async function realtimeCredentials(deps: CoreDeps, actor: Actor, appId: string): Promise<RealtimeAppCredentials> {
  const app = await getApp(deps, actor, { appId });
  return { appId: app.id, masterKey: app.masterKey };
}
