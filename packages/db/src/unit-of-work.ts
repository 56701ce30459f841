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
  /**
   * Longest a run may work before its commit starts, ms (default 30 s; 0 = no limit). When it
   * passes, `run` rejects at once with UnitOfWorkTimeoutError (`committed: false`), the
   * transaction can no longer be used or committed, and it is rolled back as soon as the
   * callback lets go of its connection: nothing the run wrote is kept.
   */
  timeoutMs?: number;
  /**
   * Longest a run waits for the outcome of its commit (COMMIT sent, or its message writes handed
   * to the group committer), ms (default 30 s; 0 = no limit). When it passes, `run` rejects with
   * UnitOfWorkTimeoutError (`committed: "unknown"`): the commit may still succeed later, so callers
   * must not report this as a failure of the operation. It only bounds the wait (a stopped server
   * answers nothing, and its TCP connections stay up); it never cancels anything.
   */
  commitTimeoutMs?: number;
  /**
   * Fail fast while PostgreSQL does not answer (stopped, frozen, unreachable), ms (default 5 s;
   * 0 = off). When runs have been waiting a while, a probe (`select 1`) is sent; if it gets no
   * answer within this time PostgreSQL counts as unavailable: every run still before its commit
   * is rolled back and rejects with UnitOfWorkTimeoutError (`committed: false`), and new runs
   * reject at once, until a probe is answered again (probes continue meanwhile). A busy but
   * working server answers the probe, so slow queries alone do not trip it.
   */
  unavailableAfterMs?: number;
}

export interface RunOptions {
  /**
   * The caller's deadline. If it aborts before the commit started, `run` rejects with
   * `signal.reason` and the transaction is rolled back (it is never committed afterwards). Once
   * the commit started, aborting has no effect: `run` reports the commit's real outcome (within
   * commitTimeoutMs), because a failure answer for a commit that then succeeds is worse than a late one.
   */
  signal?: AbortSignal;
}

/**
 * A run's deadline passed. `committed: false`: before its commit started, so it was rolled back
 * and nothing it wrote is stored. `committed: "unknown"`: while waiting for the commit's outcome.
 */
export class UnitOfWorkTimeoutError extends Error {
  override readonly name = "UnitOfWorkTimeoutError";
  constructor(
    readonly committed: false | "unknown",
    readonly timeoutMs: number,
    message?: string,
  ) {
    super(
      message ??
        (committed === false
          ? `unit of work did not reach its commit within ${timeoutMs} ms; rolled back`
          : `no outcome of the commit within ${timeoutMs} ms; it may still succeed`),
    );
  }
}

export const DEFAULT_RUN_TIMEOUT_MS = 30_000;
export const DEFAULT_COMMIT_TIMEOUT_MS = 30_000;
export const DEFAULT_UNAVAILABLE_AFTER_MS = 5_000;

export interface PgUnitOfWork extends UnitOfWork {
  /** UnitOfWork.run, plus a caller's deadline (see RunOptions). */
  run<T>(fn: (tx: Transaction) => Promise<T>, options?: RunOptions): Promise<T>;
  /** Waits for group-committed writes in flight (call before closing the pool). */
  flush(): Promise<void>;
  /** Group-commit transactions written and the units of work they carried. */
  stats(): { batches: number; entries: number };
}

interface Shared {
  sql: postgres.Sql;
  pool: Conn;
  committer: GroupCommitter | null;
  commitTimeoutMs: number;
}

const noop = () => undefined;

/**
 * Notices a PostgreSQL that stopped answering. Runs register while they wait for it (until their
 * commit starts). When the oldest has waited more than a fraction of the limit, one probe
 * (`select 1` on the pool) is sent; a probe left unanswered for `afterMs` marks PostgreSQL
 * unavailable and gives up every waiting run. While unavailable, new runs are refused and a probe
 * is kept outstanding (a new one when the previous is older than `afterMs`): the first answer
 * ends it. Checked by a timer that runs only while something waits or PostgreSQL is unavailable.
 */
class AvailabilityGuard {
  private readonly waiting = new Map<object, { since: number; giveUp: (reason: unknown) => void }>();
  private probeSentAt: number | null = null;
  private unavailable = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly probeAfterMs: number;
  private readonly tickMs: number;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly afterMs: number,
  ) {
    this.probeAfterMs = Math.min(1_000, afterMs / 2);
    this.tickMs = Math.max(50, Math.min(500, afterMs / 10));
  }

  /** The error a run gets when PostgreSQL is (or becomes) unavailable. */
  unavailableError(): UnitOfWorkTimeoutError {
    return new UnitOfWorkTimeoutError(false, this.afterMs, `PostgreSQL did not answer for ${this.afterMs} ms; nothing was written`);
  }

  get available(): boolean {
    return !this.unavailable;
  }

  enter(key: object, giveUp: (reason: unknown) => void): void {
    this.waiting.set(key, { since: performance.now(), giveUp });
    this.timer ??= setInterval(() => this.tick(), this.tickMs).unref();
  }

  leave(key: object): void {
    this.waiting.delete(key);
  }

  private tick(): void {
    const now = performance.now();
    if (this.probeSentAt !== null && now - this.probeSentAt > this.afterMs) {
      this.probeSentAt = null; // unanswered: PostgreSQL is not answering (a late answer still counts)
      if (!this.unavailable) {
        this.unavailable = true;
        const error = this.unavailableError();
        for (const { giveUp } of [...this.waiting.values()]) giveUp(error);
      }
    }
    const oldest = this.waiting.values().next().value;
    if (!oldest && !this.unavailable) {
      if (this.probeSentAt === null && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
      return;
    }
    if (this.probeSentAt === null && (this.unavailable || (oldest && now - oldest.since > this.probeAfterMs))) this.sendProbe(now);
  }

  private sendProbe(now: number): void {
    this.probeSentAt = now;
    this.sql`select 1`.then(
      () => {
        this.probeSentAt = null;
        this.unavailable = false;
      },
      () => {
        // An error is not an answer to count on (connect timeout, refused, shutting down): the
        // runs see the same errors themselves. Let the next tick send another probe.
        if (this.probeSentAt === now) this.probeSentAt = null;
      },
    );
  }
}

/** `promise`, or a rejection with UnitOfWorkTimeoutError("unknown") after `ms` (0 = no limit). The promise itself runs on. */
function boundCommitWait<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new UnitOfWorkTimeoutError("unknown", ms)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
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
 *
 * Deadlines: until `commit()` starts, the run may be aborted (its caller gave up, its own
 * timeout passed, or PostgreSQL was found unavailable). An aborted transaction refuses every further use and can never commit; it
 * is rolled back once its callback has settled (a query already sent to PostgreSQL cannot be
 * taken back, but nothing is committed without a COMMIT, and the group committer only ever
 * receives a run's writes from `commit()`). From `commit()` on, the outcome belongs to PostgreSQL.
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
  /** Set when the caller gave up before the commit started: the reason every later use throws. */
  private abortedBy: { reason: unknown } | null = null;
  readonly transaction: Transaction;

  private check(): void {
    if (this.abortedBy) throw this.abortedBy.reason;
    if (this.finished) throw new Error("transaction already finished");
  }

  get aborted(): boolean {
    return this.abortedBy !== null;
  }

  /**
   * The caller gave up: refuse every further use and the commit. Returns false (and changes
   * nothing) once the commit or the rollback has started.
   */
  abort(reason: unknown): boolean {
    if (this.finished) return false;
    this.abortedBy ??= { reason };
    return true;
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

  /** Waits for a BEGIN (and replay) in progress; its failure fails the run. Part of the work, before the commit. */
  async opened(): Promise<void> {
    if (this.opening && !this.conn) await this.opening;
  }

  private async nested<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.check();
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

  /**
   * Commits (or hands the deferred message writes to the group committer) and waits for the
   * outcome, at most commitTimeoutMs. An aborted transaction is rolled back instead (in the
   * background: PostgreSQL may be the reason for the abort) and the abort reason is thrown.
   */
  async commit(): Promise<readonly DomainEvent[]> {
    if (this.abortedBy) {
      void this.rollback();
      throw this.abortedBy.reason;
    }
    this.finished = true;
    if (this.opening && !this.conn) await this.opening; // a failed BEGIN/replay fails the run
    const wait = this.shared.commitTimeoutMs;
    if (this.conn) {
      const { reserved } = this.conn;
      const committing = (async () => {
        try {
          await reserved`commit`;
        } finally {
          reserved.release();
        }
      })();
      await boundCommitWait(committing, wait);
    } else if (this.deferred.length > 0) {
      const ops = this.deferred.map((d) => d.op);
      const committing = this.shared.committer
        ? this.shared.committer.submit(ops)
        : this.shared.sql.begin((tx) => writeHotOps(tx as unknown as postgres.Sql, ops)).then(noop);
      await boundCommitWait(committing, wait);
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
    commitTimeoutMs: options.commitTimeoutMs ?? DEFAULT_COMMIT_TIMEOUT_MS,
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const unavailableAfterMs = options.unavailableAfterMs ?? DEFAULT_UNAVAILABLE_AFTER_MS;
  const guard = unavailableAfterMs > 0 ? new AvailabilityGuard(sql, unavailableAfterMs) : null;
  const report =
    options.onPublishError ??
    ((error: unknown) => {
      console.error("parley: publishing events failed", error);
    });

  /**
   * The callback's work (plus a BEGIN still in flight), or a rejection as soon as the caller's
   * signal aborts, the run's timeout passes or PostgreSQL is found unavailable, whichever comes
   * first. Giving up aborts `tx`.
   */
  function untilGivenUp<T>(work: Promise<T>, tx: Tx, signal: AbortSignal | undefined): Promise<T> {
    if (!signal && timeoutMs <= 0 && !guard) return work;
    return new Promise<T>((resolve, reject) => {
      const giveUp = (reason: unknown) => {
        guard?.leave(tx); // it no longer waits, even if its callback stays stuck
        if (tx.abort(reason)) reject(reason);
      };
      const onAbort = () => giveUp(signal!.reason);
      const timer = timeoutMs > 0 ? setTimeout(() => giveUp(new UnitOfWorkTimeoutError(false, timeoutMs)), timeoutMs) : undefined;
      signal?.addEventListener("abort", onAbort, { once: true });
      guard?.enter(tx, giveUp);
      work.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        guard?.leave(tx);
      });
    });
  }

  return {
    async run<T>(fn: (tx: Transaction) => Promise<T>, runOptions: RunOptions = {}): Promise<T> {
      const { signal } = runOptions;
      signal?.throwIfAborted();
      if (guard && !guard.available) throw guard.unavailableError();
      const tx = new Tx(shared);
      const work = (async () => {
        const value = await fn(tx.transaction);
        await tx.opened();
        return value;
      })();
      let result: T;
      try {
        result = await untilGivenUp(work, tx, signal);
      } catch (e) {
        if (tx.aborted) {
          // Given up while the callback may still hold the connection (e.g. waiting for a
          // stopped PostgreSQL): roll back once it lets go. It can no longer commit.
          void work.then(noop, noop).then(() => tx.rollback());
        } else {
          await tx.rollback();
        }
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
