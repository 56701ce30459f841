import { randomBytes } from "node:crypto";
import { DomainError, type AuditRepository, type OperatorRole } from "@parley/core";
import { and, asc, count, eq, lte, or, sql } from "drizzle-orm";
import type postgres from "postgres";
import { operatorSessions, operators } from "../schema/index.js";
import { createAuditRepository } from "./audit.js";
import { asExecutor, connOf, directExecutor, type RepositoryTarget } from "./executor.js";

/**
 * Console operators and their sign-in sessions. Password hashing, token
 * generation and expiry policy belong to the caller (the console's auth
 * service); this module only stores and finds. Session tokens are never
 * stored: callers pass the token's hash.
 *
 * Like the other repositories, the factories take a RepositoryTarget: a
 * database (autocommit) or a unit of work's executor, so creating an operator
 * can share a transaction with its audit entry.
 */

export type { OperatorRole };

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Only for verifying a sign-in; never hand this shape to a transport. */
export interface OperatorWithCredentials extends Operator {
  passwordHash: string;
}

export interface OperatorSession {
  tokenHash: string;
  operatorId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry, fixed at sign-in. Idle expiry is computed from lastSeenAt by the caller. */
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface CreateOperatorInput {
  /** Defaults to a new objectId (24 lowercase hex characters). */
  id?: string;
  email: string;
  name: string;
  passwordHash: string;
  role: OperatorRole;
}

export interface UpdateOperatorInput {
  name?: string;
  role?: OperatorRole;
  disabled?: boolean;
}

export interface OperatorRepository {
  /** Throws DomainError CONFLICT when the email (case-insensitive) is taken. */
  create(input: CreateOperatorInput): Promise<Operator>;
  findById(id: string): Promise<Operator | null>;
  /** Case-insensitive. */
  findByEmailWithCredentials(email: string): Promise<OperatorWithCredentials | null>;
  list(): Promise<Operator[]>;
  count(): Promise<number>;
  /** Returns the updated operator, or null when it does not exist. */
  update(id: string, patch: UpdateOperatorInput): Promise<Operator | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Ids of the enabled admins, their rows locked (FOR UPDATE) until the transaction ends:
   * call it inside runOperatorTransaction before a change that could leave no active admin,
   * so two such changes made at once cannot both pass the check.
   */
  lockActiveAdmins(): Promise<string[]>;
}

export interface CreateOperatorSessionInput {
  tokenHash: string;
  operatorId: string;
  createdAt: Date;
  expiresAt: Date;
  ip?: string | null;
  userAgent?: string | null;
}

export interface OperatorSessionRepository {
  create(input: CreateOperatorSessionInput): Promise<OperatorSession>;
  /** The session and its operator (disabled or not: the caller decides). */
  findWithOperator(tokenHash: string): Promise<{ session: OperatorSession; operator: Operator } | null>;
  touch(tokenHash: string, at: Date): Promise<void>;
  /** Returns whether a session was deleted. */
  delete(tokenHash: string): Promise<boolean>;
  /** Returns how many sessions were deleted. */
  deleteAllForOperator(operatorId: string): Promise<number>;
  /** Deletes sessions past their absolute expiry or idle since `idleBefore`. Returns the count. */
  deleteExpired(options: { now: Date; idleBefore: Date }): Promise<number>;
  listForOperator(operatorId: string): Promise<OperatorSession[]>;
}

type OperatorRow = typeof operators.$inferSelect;
type SessionRow = typeof operatorSessions.$inferSelect;

const toOperator = (row: OperatorRow): Operator => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabled: row.disabled,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toSession = (row: SessionRow): OperatorSession => ({
  tokenHash: row.tokenHash,
  operatorId: row.operatorId,
  createdAt: row.createdAt,
  lastSeenAt: row.lastSeenAt,
  expiresAt: row.expiresAt,
  ip: row.ip,
  userAgent: row.userAgent,
});

const isUniqueViolation = (e: unknown): boolean => {
  for (let cur: unknown = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) {
    if ((cur as { code?: unknown }).code === "23505") return true;
  }
  return false;
};

/** Matches the unique index operators_email_idx (on lower(email)). */
const emailMatches = (email: string) => sql`lower(${operators.email}) = lower(${email})`;

export function createOperatorRepository(target: RepositoryTarget): OperatorRepository {
  const exec = asExecutor(target);
  return {
    async create(input) {
      const { db } = await exec.write();
      try {
        const [row] = await db
          .insert(operators)
          .values({
            id: input.id ?? randomBytes(12).toString("hex"),
            email: input.email,
            name: input.name,
            passwordHash: input.passwordHash,
            role: input.role,
          })
          .returning();
        return toOperator(row!);
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError("CONFLICT", `an operator with email ${input.email} already exists`);
        throw e;
      }
    },

    async findById(id) {
      const { db } = await exec.read();
      const [row] = await db.select().from(operators).where(eq(operators.id, id)).limit(1);
      return row ? toOperator(row) : null;
    },

    async findByEmailWithCredentials(email) {
      const { db } = await exec.read();
      const [row] = await db.select().from(operators).where(emailMatches(email)).limit(1);
      return row ? { ...toOperator(row), passwordHash: row.passwordHash } : null;
    },

    async list() {
      const { db } = await exec.read();
      const rows = await db.select().from(operators).orderBy(asc(operators.createdAt), asc(operators.id));
      return rows.map(toOperator);
    },

    async count() {
      const { db } = await exec.read();
      const [row] = await db.select({ n: count() }).from(operators);
      return row?.n ?? 0;
    },

    async update(id, patch) {
      const { db } = await exec.write();
      const [row] = await db
        .update(operators)
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.role !== undefined && { role: patch.role }),
          ...(patch.disabled !== undefined && { disabled: patch.disabled }),
          updatedAt: sql`now()`,
        })
        .where(eq(operators.id, id))
        .returning();
      return row ? toOperator(row) : null;
    },

    async updatePasswordHash(id, passwordHash) {
      const { db } = await exec.write();
      await db
        .update(operators)
        .set({ passwordHash, updatedAt: sql`now()` })
        .where(eq(operators.id, id));
    },

    async lockActiveAdmins() {
      const { db } = await exec.write();
      const rows = await db
        .select({ id: operators.id })
        .from(operators)
        .where(and(eq(operators.role, "admin"), eq(operators.disabled, false)))
        .orderBy(asc(operators.id))
        .for("update");
      return rows.map((r) => r.id);
    },
  };
}

export function createOperatorSessionRepository(target: RepositoryTarget): OperatorSessionRepository {
  const exec = asExecutor(target);
  return {
    async create(input) {
      const { db } = await exec.write();
      const [row] = await db
        .insert(operatorSessions)
        .values({
          tokenHash: input.tokenHash,
          operatorId: input.operatorId,
          createdAt: input.createdAt,
          lastSeenAt: input.createdAt,
          expiresAt: input.expiresAt,
          ip: input.ip ?? null,
          userAgent: input.userAgent ?? null,
        })
        .returning();
      return toSession(row!);
    },

    async findWithOperator(tokenHash) {
      const { db } = await exec.read();
      const [row] = await db
        .select({ session: operatorSessions, operator: operators })
        .from(operatorSessions)
        .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
        .where(eq(operatorSessions.tokenHash, tokenHash))
        .limit(1);
      return row ? { session: toSession(row.session), operator: toOperator(row.operator) } : null;
    },

    async touch(tokenHash, at) {
      const { db } = await exec.write();
      await db.update(operatorSessions).set({ lastSeenAt: at }).where(eq(operatorSessions.tokenHash, tokenHash));
    },

    async delete(tokenHash) {
      const { db } = await exec.write();
      const rows = await db
        .delete(operatorSessions)
        .where(eq(operatorSessions.tokenHash, tokenHash))
        .returning({ tokenHash: operatorSessions.tokenHash });
      return rows.length > 0;
    },

    async deleteAllForOperator(operatorId) {
      const { db } = await exec.write();
      const rows = await db
        .delete(operatorSessions)
        .where(eq(operatorSessions.operatorId, operatorId))
        .returning({ tokenHash: operatorSessions.tokenHash });
      return rows.length;
    },

    async deleteExpired({ now, idleBefore }) {
      const { db } = await exec.write();
      const rows = await db
        .delete(operatorSessions)
        .where(or(lte(operatorSessions.expiresAt, now), lte(operatorSessions.lastSeenAt, idleBefore)))
        .returning({ tokenHash: operatorSessions.tokenHash });
      return rows.length;
    },

    async listForOperator(operatorId) {
      const { db } = await exec.read();
      const rows = await db
        .select()
        .from(operatorSessions)
        .where(eq(operatorSessions.operatorId, operatorId))
        .orderBy(asc(operatorSessions.createdAt));
      return rows.map(toSession);
    },
  };
}

/** Operators, their sessions and the audit trail, bound to one transaction. */
export interface OperatorTransaction {
  operators: OperatorRepository;
  sessions: OperatorSessionRepository;
  audit: AuditRepository;
}

/**
 * Runs `fn` in one PostgreSQL transaction: committed when it resolves, rolled back
 * when it throws. Lets the console create a session, change an operator or end their
 * sessions in the same transaction as the audit row that records it (core's unit of
 * work does not know operators).
 */
export async function runOperatorTransaction<T>(
  database: { sql: postgres.Sql },
  fn: (tx: OperatorTransaction) => Promise<T>,
): Promise<T> {
  // Boxed so postgres.js does not treat an array result as a list of queries to await.
  const box = await database.sql.begin(async (txSql) => {
    const exec = directExecutor(connOf(txSql as unknown as postgres.Sql, database.sql));
    const tx = {
      operators: createOperatorRepository(exec),
      sessions: createOperatorSessionRepository(exec),
      audit: createAuditRepository(exec),
    };
    return { value: await fn(tx) };
  });
  return (box as { value: T }).value;
}
