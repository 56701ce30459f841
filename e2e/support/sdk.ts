import { createRequire } from "node:module";
import { realtimeUrl, E2E } from "./env";

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK is untyped CommonJS */
export type IMClient = any;
export type Sdk = any;

/**
 * An official SDK client (5.0.0-rc.8) connected to the Parley under test. v5
 * allows one Realtime per appId per module copy, so each client gets a fresh
 * copy of the module.
 */
export async function connectClient(clientId: string): Promise<{ client: IMClient; sdk: Sdk; close(): Promise<void> }> {
  const id = require.resolve("leancloud-realtime-v5");
  delete require.cache[id];
  const sdk = require(id) as Sdk;
  const realtime = new sdk.Realtime({ appId: E2E.appId, appKey: E2E.appKey, server: realtimeUrl });
  const client = await realtime.createIMClient(clientId);
  return {
    client,
    sdk,
    async close() {
      await client.close().catch(() => {});
    },
  };
}

/** Resolves with the arguments of the next `event` emitted by `emitter`, or rejects after `ms`. */
export function nextEvent(emitter: any, event: string, ms = 10_000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (...args: any[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}
