import type { DomainEvent, EventPublisher, Transaction, UnitOfWork } from "@parley/core";
import type postgres from "postgres";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.js";
import { connOf, type Conn, type Executor, type HotOp } from "./repositories/executor.js";
import { writeHotOps } from "./repositories/hot-writes.js";
import { repositoriesFor } from "./repositories/index.js";

export interface CreateUnitOfWorkOptions {
  /** createDatabase()'s result (only its postgres.js pool is used). */
  database: { sql: postgres.Sql };
  /** Receives each committed unit of work's events, in one publish call. */
  publisher?: EventPublisher;
  /** A failed publish does not fail `run` (the data is committed); it is reported here. */
  onPublishError?: (error: unknown, events: readonly DomainEvent[]) => void;
  /** Group commit of message inserts; `false` writes them in each caller's own transaction. */
  groupCommit?: GroupCommitOptions | false;
}

export interface PgUnitOfWork extends UnitOfWork {
  /** Waits for group-committed writes in flight (call before closing the pool). */
  flush(): Promise<void>;
  /** Group-commit transactions written and the units of work they carried. */
  stats(): { batches: number; entries: number };
}

interface Shared {
  sql: postgres.Sql;
  pool: Conn;
  committer: GroupCommitter | null;
}

/**
 * One unit of work = one PostgreSQL transaction, opened lazily:
 * - reads run on the pool until the first write (READ COMMITTED gives the same
 *   per-statement snapshots either way) — a read-only run never opens a transaction;
 * - the first write, lock or read-after-a-deferred-write reserves a connection and BEGINs;
 * - message inserts and last-message advances made before that are deferred: if the run
 *   ends without needing a transaction they are group-committed with other runs' (one
 *   multi-row INSERT per batch), which is what makes the send path fast with
 *   synchronous_commit on;
 * - nested runs are savepoints (opened retroactively if the transaction starts inside one).
 */
class Tx {
  private conn: (Conn & { reserved: postgres.ReservedSql }) | null = null;
  private opening: Promise<Conn> | null = null;
  private depth = 0;
  /** Nesting levels 1..physicalDepth have a savepoint. */
  private physicalDepth = 0;
  private deferred: { depth: number; op: HotOp }[] = [];
  private events: { depth: number; events: readonly DomainEvent[] }[] = [];
  private finished = false;
  readonly transaction: Transaction;

  private check(): void {
    if (this.finished) throw new Error("transaction already finished");
  }

  constructor(private readonly shared: Shared) {
    const executor: Executor = {
      read: async (seesHotWrites = true) => {
        this.check();
        if (this.conn) return this.conn;
        if (this.opening || (seesHotWrites && this.deferred.length > 0)) return this.materialize();
        return shared.pool;
      },
      write: async () => {
        this.check();
        return this.materialize();
      },
      defer: (op) => {
        this.check();
        if (this.conn || this.opening || !shared.committer) return false;
        this.deferred.push({ depth: this.depth, op });
        return true;
      },
    };
    this.transaction = Object.assign(repositoriesFor(executor), {
      emit: (events: readonly DomainEvent[]) => {
        this.check();
        if (events.length > 0) this.events.push({ depth: this.depth, events });
      },
      unitOfWork: { run: <T>(fn: (tx: Transaction) => Promise<T>) => this.nested(fn) },
    }) satisfies Transaction;
  }

  private materialize(): Promise<Conn> {
    if (this.conn) return Promise.resolve(this.conn);
    this.opening ??= (async () => {
      const reserved = await this.shared.sql.reserve();
      try {
        await reserved`begin`;
        // Replay what was deferred, level by level, under the savepoints of the nested runs in progress.
        const pending = this.deferred;
        this.deferred = [];
        for (let d = 0; d <= this.depth; d++) {
          if (d > 0) await reserved.unsafe(`savepoint parley_${d}`);
          const ops = pending.filter((p) => p.depth === d).map((p) => p.op);
          if (ops.length > 0) await writeHotOps(reserved, ops);
        }
        this.physicalDepth = this.depth;
        this.conn = { ...connOf(reserved, this.shared.sql), reserved };
        return this.conn;
      } catch (e) {
        await reserved`rollback`.catch(() => undefined);
        reserved.release();
        throw e;
      }
    })();
    return this.opening;
  }

  private async settleOpening(): Promise<void> {
    if (this.opening && !this.conn) await this.opening.catch(() => undefined);
  }

  private async nested<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    await this.settleOpening();
    const depth = ++this.depth;
    try {
      if (this.conn) {
        await this.conn.reserved.unsafe(`savepoint parley_${depth}`);
        this.physicalDepth = depth;
      }
      let result: T;
      try {
        result = await fn(this.transaction);
      } catch (e) {
        await this.settleOpening();
        if (this.conn && this.physicalDepth >= depth) {
          try {
            await this.conn.reserved.unsafe(`rollback to savepoint parley_${depth}`);
            await this.conn.reserved.unsafe(`release savepoint parley_${depth}`);
          } catch {
            // The connection is gone: the whole transaction fails at commit; report the original error.
          }
          this.physicalDepth = depth - 1;
        }
        this.deferred = this.deferred.filter((d) => d.depth < depth);
        this.events = this.events.filter((d) => d.depth < depth);
        throw e;
      }
      await this.settleOpening();
      if (this.conn && this.physicalDepth >= depth) {
        await this.conn.reserved.unsafe(`release savepoint parley_${depth}`);
        this.physicalDepth = depth - 1;
      }
      for (const d of this.deferred) if (d.depth >= depth) d.depth = depth - 1;
      for (const e of this.events) if (e.depth >= depth) e.depth = depth - 1;
      return result;
    } finally {
      this.depth = depth - 1;
    }
  }

  async commit(): Promise<readonly DomainEvent[]> {
    this.finished = true;
    if (this.opening && !this.conn) await this.opening; // a failed BEGIN/replay fails the run
    if (this.conn) {
      const { reserved } = this.conn;
      try {
        await reserved`commit`;
      } finally {
        reserved.release();
      }
    } else if (this.deferred.length > 0) {
      const ops = this.deferred.map((d) => d.op);
      if (this.shared.committer) await this.shared.committer.submit(ops);
      else await this.shared.sql.begin((tx) => writeHotOps(tx as unknown as postgres.Sql, ops));
    }
    return this.events.flatMap((e) => e.events);
  }

  async rollback(): Promise<void> {
    this.finished = true;
    await this.settleOpening();
    if (this.conn) {
      const { reserved } = this.conn;
      try {
        await reserved`rollback`;
      } catch {
        // the connection is gone; PostgreSQL rolled back already
      } finally {
        reserved.release();
      }
    }
    this.deferred = [];
    this.events = [];
  }
}

export function createUnitOfWork(options: CreateUnitOfWorkOptions): PgUnitOfWork {
  const { sql } = options.database;
  const shared: Shared = {
    sql,
    pool: connOf(sql),
    committer: options.groupCommit === false ? null : new GroupCommitter(sql, options.groupCommit ?? {}),
  };
  const report =
    options.onPublishError ??
    ((error: unknown) => {
      console.error("parley: publishing events failed", error);
    });

  return {
    async run<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const tx = new Tx(shared);
      let result: T;
      try {
        result = await fn(tx.transaction);
      } catch (e) {
        await tx.rollback();
        throw e;
      }
      const events = await tx.commit();
      if (events.length > 0 && options.publisher) {
        try {
          await options.publisher.publish(events);
        } catch (e) {
          report(e, events);
        }
      }
      return result;
    },
    flush: () => shared.committer?.flush() ?? Promise.resolve(),
    stats: () => shared.committer?.stats() ?? { batches: 0, entries: 0 },
  };
}
