import type { LockRepository } from "@parley/core";
import { sql } from "drizzle-orm";
import { asExecutor, type RepositoryTarget } from "./executor.js";

export function createLockRepository(target: RepositoryTarget): LockRepository {
  const exec = asExecutor(target);
  return {
    async acquire(key) {
      const { db } = await exec.write();
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    },
  };
}
