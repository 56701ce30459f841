import type { Repositories } from "@parley/core";
import type postgres from "postgres";
import { createAppRepository } from "./apps.js";
import { createAuditRepository } from "./audit.js";
import { createConversationRepository } from "./conversations.js";
import { asExecutor, type Executor } from "./executor.js";
import { createLockRepository } from "./locks.js";
import { createMemberRepository } from "./members.js";
import { createMessageRepository } from "./messages.js";
import { createModerationRepository } from "./moderation.js";
import { createNotificationRepository } from "./notifications.js";
import { createReceiptRepository } from "./receipts.js";
import { createSessionTokenRepository } from "./session-tokens.js";

const factories = {
  apps: createAppRepository,
  conversations: createConversationRepository,
  members: createMemberRepository,
  moderation: createModerationRepository,
  messages: createMessageRepository,
  receipts: createReceiptRepository,
  sessionTokens: createSessionTokenRepository,
  notifications: createNotificationRepository,
  audit: createAuditRepository,
  locks: createLockRepository,
} satisfies { [K in keyof Repositories]: (exec: Executor) => Repositories[K] };

/**
 * Every repository over one executor. Each is built on first use: a unit of work
 * on the send path touches three of the ten.
 */
export function repositoriesFor(exec: Executor): Repositories {
  const repos = {} as Repositories;
  for (const key of Object.keys(factories) as (keyof Repositories)[]) {
    let value: unknown;
    Object.defineProperty(repos, key, {
      enumerable: true,
      get: () => (value ??= factories[key](exec)),
    });
  }
  return repos;
}

/**
 * Repositories that run each statement on its own (autocommit). For reads outside a
 * unit of work and for tests; writes that belong together go through createUnitOfWork.
 */
export function createRepositories(database: { sql: postgres.Sql }): Repositories {
  return repositoriesFor(asExecutor(database));
}

export { createAppRepository } from "./apps.js";
export { createAuditRepository } from "./audit.js";
export { createConversationRepository } from "./conversations.js";
export { createLockRepository } from "./locks.js";
export { createMemberRepository } from "./members.js";
export { createMessageRepository } from "./messages.js";
export { createModerationRepository } from "./moderation.js";
export { createNotificationRepository } from "./notifications.js";
export { createReceiptRepository } from "./receipts.js";
export { createSessionTokenRepository } from "./session-tokens.js";
export { asExecutor, connOf, directExecutor, type Conn, type Executor, type HotOp, type RepositoryTarget } from "./executor.js";
