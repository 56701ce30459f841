import type { AuditEntry, OperatorRole } from "@parley/core";

/**
 * What the auth service needs from persistence. `@parley/db`'s
 * createOperatorRepository / createOperatorSessionRepository satisfy these
 * structurally; services.ts wires them.
 */
export interface OperatorAccount {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  disabled: boolean;
}

export interface OperatorAccountStore {
  /** Case-insensitive. */
  findByEmailWithCredentials(email: string): Promise<(OperatorAccount & { passwordHash: string }) | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}

export interface StoredOperatorSession {
  tokenHash: string;
  operatorId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface OperatorSessionStore {
  create(input: {
    tokenHash: string;
    operatorId: string;
    createdAt: Date;
    expiresAt: Date;
    ip?: string | null;
    userAgent?: string | null;
  }): Promise<StoredOperatorSession>;
  findWithOperator(tokenHash: string): Promise<{ session: StoredOperatorSession; operator: OperatorAccount } | null>;
  touch(tokenHash: string, at: Date): Promise<void>;
  delete(tokenHash: string): Promise<boolean>;
  deleteAllForOperator(operatorId: string): Promise<number>;
  deleteExpired(options: { now: Date; idleBefore: Date }): Promise<number>;
}

/** What sign-in writes in one transaction: the new session and its audit row. */
export interface AuthTransaction {
  sessions: Pick<OperatorSessionStore, "create">;
  audit: { append(entry: AuditEntry): Promise<void> };
}

/** Runs `fn` in one transaction (`runOperatorTransaction` from @parley/db). */
export type RunAuthTransaction = <T>(fn: (tx: AuthTransaction) => Promise<T>) => Promise<T>;
