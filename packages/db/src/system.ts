import { createHmac, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock, CoreDeps, Crypto, DomainEvent, IdGenerator, Presence } from "@parley/core";
import { createDatabase, type Database } from "./client.js";
import { createPgEventBus, type PgEventBus } from "./event-bus.js";
import { createUnitOfWork, type PgUnitOfWork } from "./unit-of-work.js";

/**
 * The production implementations of core's small ports, and one function that
 * composes a process's core runtime (pool, event bus, unit of work, deps), so
 * the realtime service, the console and the CLI are wired the same way.
 */

export const systemClock: Clock = { now: () => Date.now() };

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function urlSafe(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += URL_SAFE[bytes[i]! & 63];
  return out;
}

/** objectIds like MongoDB's: 4 bytes of seconds, then random, so they roughly sort by creation. */
export function createIdGenerator(): IdGenerator {
  return {
    objectId() {
      const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, "0");
      return time + randomBytes(8).toString("hex");
    },
    temporaryConversationId: () => `_tmp:${urlSafe(22)}`,
    messageId: () => urlSafe(22),
  };
}

const HEX = /^[0-9a-f]*$/i;

export const nodeCrypto: Crypto = {
  hmacSha1Hex: (key, message) => createHmac("sha1", key).update(message, "utf8").digest("hex"),
  sha1Hex: (message) => createHash("sha1").update(message, "utf8").digest("hex"),
  timingSafeEqualHex(a, b) {
    if (a.length !== b.length || a.length % 2 !== 0 || !HEX.test(a) || !HEX.test(b)) return false;
    return timingSafeEqual(Buffer.from(a.toLowerCase(), "hex"), Buffer.from(b.toLowerCase(), "hex"));
  },
  randomToken: (bytes = 32) => randomBytes(bytes).toString("base64url"),
};

export interface CoreRuntime {
  database: Database;
  bus: PgEventBus;
  uow: PgUnitOfWork;
  deps: CoreDeps;
  close(): Promise<void>;
}

export interface CreateCoreRuntimeOptions {
  url: string;
  /** Pool size (default 10). */
  max?: number;
  presence?: Presence;
  onError?: (error: unknown, events?: readonly DomainEvent[]) => void;
}

/** Pool + LISTEN/NOTIFY bus + unit of work + core deps for one process. */
export function createCoreRuntime(options: CreateCoreRuntimeOptions): CoreRuntime {
  const database = createDatabase({ url: options.url, ...(options.max ? { max: options.max } : {}) });
  const bus = createPgEventBus({ database, ...(options.onError ? { onError: options.onError } : {}) });
  const uow = createUnitOfWork({
    database,
    publisher: bus,
    ...(options.onError ? { onPublishError: options.onError } : {}),
  });
  const deps: CoreDeps = {
    uow,
    clock: systemClock,
    ids: createIdGenerator(),
    crypto: nodeCrypto,
    ...(options.presence ? { presence: options.presence } : {}),
  };
  return {
    database,
    bus,
    uow,
    deps,
    async close() {
      await uow.flush();
      await bus.close();
      await database.close();
    },
  };
}
