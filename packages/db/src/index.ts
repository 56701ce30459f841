export { createDatabase, type CreateDatabaseOptions, type Database, type Db, type Schema, type Sql } from "./client.js";
export { migrateDatabase, migrationsFolder, type MigrateDatabaseOptions } from "./migrate.js";
export { startEmbeddedPostgres, findFreePort, type EmbeddedPostgres, type StartEmbeddedPostgresOptions } from "./embedded.js";
export { createUnitOfWork, type CreateUnitOfWorkOptions, type PgUnitOfWork } from "./unit-of-work.js";
export { GroupCommitter, type GroupCommitOptions } from "./group-commit.js";
export { createPgEventBus, type CreatePgEventBusOptions, type PgEventBus } from "./event-bus.js";
export {
  createRepositories,
  createAppRepository,
  createAuditRepository,
  createConversationRepository,
  createLockRepository,
  createMemberRepository,
  createMessageRepository,
  createModerationRepository,
  createNotificationRepository,
  createReceiptRepository,
  createSessionTokenRepository,
  type RepositoryTarget,
} from "./repositories/index.js";
export * as schema from "./schema/index.js";
export * from "./repositories/operators.js";
export { createServiceWebhookStore, type ServiceWebhookStore, type ServiceInboxMessage, type ForwardResult } from "./repositories/service-webhook.js";
