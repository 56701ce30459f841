import { randomBytes } from "node:crypto";
import type { Connection } from "./connection.js";

/** Distinguishes this process's sessions from other nodes' (session ids travel on the event bus). */
const NODE_ID = randomBytes(6).toString("hex");
let nextSession = 1;

/** A session id unique across nodes and restarts (core's `originSessionId`). */
export function newSessionId(): string {
  return `${NODE_ID}.${(nextSession++).toString(36)}`;
}

/** One logged-in client id on one connection (an `IMClient` on the SDK side). */
export interface Session {
  /** Unique across nodes (newSessionId); lets the fan-out skip the session a message came from. */
  readonly id: string;
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
export type SessionEndReason = "logout" | "disconnect" | "conflict" | "kicked" | "replaced" | "shutdown";
