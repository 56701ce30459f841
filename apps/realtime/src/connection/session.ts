import type { Connection } from "./connection.js";

/** One logged-in client id on one connection (an `IMClient` on the SDK side). */
export interface Session {
  readonly appId: string;
  readonly clientId: string;
  readonly connection: Connection;
  /** Single-device tag given at first login (null when none). */
  readonly tag: string | null;
  /** The SDK's per-Realtime-instance device UUID (null on reconnects without a token). */
  readonly deviceId: string | null;
  /** Current session token (`st`), replaced on refresh. */
  token: string;
  readonly openedAt: number;
}

/** Why a session ended; hooks use it (e.g. will messages are discarded only on "logout"). */
export type SessionEndReason = "logout" | "disconnect" | "conflict" | "replaced" | "shutdown";
