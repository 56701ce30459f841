import type { BatchFailure, DomainErrorCode } from "../errors.js";

/** Collects per-id failures of a batch operation, grouped by code (LeanCloud's `failedPids`). */
export class FailureCollector {
  private readonly groups = new Map<DomainErrorCode, BatchFailure>();
  private readonly failed = new Set<string>();

  add(code: DomainErrorCode, message: string, clientId: string): void {
    let group = this.groups.get(code);
    if (!group) this.groups.set(code, (group = { code, message, clientIds: [] }));
    group.clientIds.push(clientId);
    this.failed.add(clientId);
  }

  has(clientId: string): boolean {
    return this.failed.has(clientId);
  }

  list(): BatchFailure[] {
    return [...this.groups.values()];
  }
}

/** The batch result shape of add/remove/silence/block (and their undo). */
export interface BatchResult {
  conversationId: string;
  /** `allowedPids`: ids the operation succeeded for (no-ops included, e.g. re-adding a member). */
  allowed: string[];
  /** `failedPids`. */
  failures: BatchFailure[];
}

export const BATCH_MAX = 1000;
