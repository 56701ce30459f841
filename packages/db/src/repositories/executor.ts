import type { LastMessage, Message } from "@parley/core";
import { drizzle } from "drizzle-orm/postgres-js";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";

/** A drizzle instance without the relational schema (repositories only use the query builder). */
export type Db = PostgresJsDatabase<Record<string, never>>;

/** One place to run statements: drizzle for typed queries, postgres.js for array-heavy hot paths. */
export interface Conn {
  db: Db;
  sql: postgres.Sql;
}

/**
 * `parent` is needed for reserved connections (sql.reserve()), which lack the
 * `options` drizzle reads; they share the pool's parsers and serializers.
 */
export const connOf = (sql: postgres.Sql, parent?: postgres.Sql): Conn => {
  if (!(sql as { options?: unknown }).options && parent) Object.assign(sql, { options: parent.options });
  return { db: drizzle({ client: preparing(sql), casing: "snake_case" }), sql };
};

/** Statements with more parameters than this (long IN lists) are not kept as prepared statements. */
const MAX_PREPARED_PARAMS = 32;

/**
 * drizzle runs every query through `sql.unsafe(text, params)`, which postgres.js
 * sends unprepared: a Parse/Describe round trip before every execution. Named
 * prepared statements (cached per connection by text) halve the round trips; the
 * texts drizzle generates are few and stable, except long IN lists, left out.
 */
const preparing = (sql: postgres.Sql): postgres.Sql =>
  new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop !== "unsafe") return Reflect.get(target, prop, receiver);
      return (query: string, args?: unknown[], options?: { prepare?: boolean }) =>
        target.unsafe(query, args as postgres.ParameterOrJSON<never>[], {
          ...options,
          prepare: (args?.length ?? 0) > 0 && (args?.length ?? 0) <= MAX_PREPARED_PARAMS,
        });
    },
  });

/** Writes that may be postponed to commit time and group-committed with other transactions'. */
export type HotOp =
  | { kind: "message"; message: Message }
  | { kind: "lastMessage"; appId: string; conversationId: string; lastMessage: LastMessage };

/**
 * How a repository reaches the database. Inside a unit of work, `read` and
 * `write` return the transaction's connection (opening it on first need) and
 * `defer` queues hot-path writes; outside one, all three act directly.
 */
export interface Executor {
  /**
   * For reads: sees every write made so far in this unit of work. Pass
   * `seesHotWrites = false` for reads of tables the deferred hot-path writes never
   * touch (anything but `messages` and the last-message columns of
   * `conversations`): they may then run before those writes are flushed, keeping
   * the unit of work eligible for group commit.
   */
  read(seesHotWrites?: boolean): Promise<Conn>;
  /** For writes: inside the transaction. */
  write(): Promise<Conn>;
  /** Queues a hot-path write; false = not deferrable now, the caller writes it itself. */
  defer(op: HotOp): boolean;
}

export const directExecutor = (conn: Conn): Executor => ({
  read: async () => conn,
  write: async () => conn,
  defer: () => false,
});

/** What repository factories accept: an Executor, or anything holding a postgres.js client (e.g. createDatabase's result). */
export type RepositoryTarget = Executor | { sql: postgres.Sql };

const executors = new WeakMap<postgres.Sql, Executor>();

export const asExecutor = (target: RepositoryTarget): Executor => {
  if ("read" in target) return target;
  let exec = executors.get(target.sql);
  if (!exec) {
    exec = directExecutor(connOf(target.sql));
    executors.set(target.sql, exec);
  }
  return exec;
};

/**
 * Hot-path reads: built once per drizzle instance (query building costs more
 * than the round trip) and executed with placeholders.
 */
const preparedCache = new WeakMap<Db, Map<string, { execute(values?: Record<string, unknown>): Promise<unknown> }>>();

export function prepared<T>(db: Db, key: string, build: (db: Db) => { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<T> } }) {
  let byKey = preparedCache.get(db);
  if (!byKey) {
    byKey = new Map();
    preparedCache.set(db, byKey);
  }
  let query = byKey.get(key) as { execute(values?: Record<string, unknown>): Promise<T> } | undefined;
  if (!query) {
    query = build(db).prepare(key);
    byKey.set(key, query);
  }
  return query;
}

/**
 * A text[] literal for a parameter cast with ::text[] (NULL for null elements).
 * Built here rather than with postgres.js's sql.array(), whose serialisation
 * depends on array types having been fetched on the pool first.
 */
export const textArray = (values: readonly (string | null)[]): string =>
  `{${values.map((v) => (v === null ? "NULL" : `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(",")}}`;
