import type postgres from "postgres";
import type { HotOp } from "./repositories/executor.js";
import { writeHotOps } from "./repositories/hot-writes.js";

export interface GroupCommitOptions {
  /** Most rows (messages + last-message advances) written by one transaction. Default 2000. */
  maxBatchSize?: number;
  /** Batches allowed in flight at once (each holds one pooled connection). Default 2. */
  maxConcurrentBatches?: number;
}

interface Entry {
  ops: readonly HotOp[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock

const isRetryable = (e: unknown): boolean => RETRYABLE.has((e as { code?: string }).code ?? "");

/**
 * Group commit for the message hot path. Units of work that only deferred
 * message inserts and last-message advances hand them here at commit time;
 * whatever arrives while a batch is being written goes into the next one,
 * written by one multi-row INSERT and one UPDATE in one transaction. Each
 * submitter resolves after that transaction commits. If a batch fails, its
 * entries are retried one by one so only the faulty one fails.
 */
export class GroupCommitter {
  private readonly queue: Entry[] = [];
  private inflight = 0;
  private scheduled = false;
  private readonly idle: (() => void)[] = [];
  private batches = 0;
  private entries = 0;
  private readonly maxBatchSize: number;
  private readonly maxConcurrent: number;

  constructor(
    private readonly sql: postgres.Sql,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 2000;
    this.maxConcurrent = options.maxConcurrentBatches ?? 2;
  }

  submit(ops: readonly HotOp[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      this.schedule();
    });
  }

  /** Transactions written and units of work they carried, since start. */
  stats(): { batches: number; entries: number } {
    return { batches: this.batches, entries: this.entries };
  }

  /** Resolves once everything submitted so far is committed (or failed). */
  flush(): Promise<void> {
    if (this.queue.length === 0 && this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inflight >= this.maxConcurrent || this.queue.length === 0) return;
    this.scheduled = true;
    // Let every submission of this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.inflight < this.maxConcurrent && this.queue.length > 0) {
      const batch: Entry[] = [];
      let rows = 0;
      while (this.queue.length > 0 && (batch.length === 0 || rows + this.queue[0]!.ops.length <= this.maxBatchSize)) {
        const entry = this.queue.shift()!;
        batch.push(entry);
        rows += entry.ops.length;
      }
      this.inflight++;
      void this.commit(batch).finally(() => {
        this.inflight--;
        if (this.queue.length === 0 && this.inflight === 0) this.idle.splice(0).forEach((f) => f());
        this.schedule();
      });
    }
  }

  private async commit(batch: Entry[]): Promise<void> {
    try {
      await this.write(batch.flatMap((e) => e.ops));
      this.batches++;
      this.entries += batch.length;
      for (const e of batch) e.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const e of batch) {
        try {
          await this.write(e.ops);
          this.batches++;
          this.entries++;
          e.resolve();
        } catch (err) {
          e.reject(err);
        }
      }
    }
  }

  private async write(ops: readonly HotOp[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sql.begin((tx) => writeHotOps(tx as unknown as postgres.Sql, ops));
        return;
      } catch (e) {
        if (attempt < 3 && isRetryable(e)) continue;
        throw e;
      }
    }
  }
}
