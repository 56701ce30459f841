// Batch results (members, silences, blacklists) as REST answers: all ids failed → the first
// failure as the error; some failed → success plus a `failures` list (Parley extension).
import { DomainError, type BatchResult } from "@parley/core";
import { domainErrorResponses } from "../errors.js";

export interface BatchFailureJson {
  code: number;
  error: string;
  client_ids: string[];
}

export function settleBatch(result: BatchResult): { failures?: BatchFailureJson[] } {
  if (result.failures.length === 0) return {};
  const first = result.failures[0]!;
  if (result.allowed.length === 0) throw new DomainError(first.code, first.message, { clientIds: first.clientIds });
  return {
    failures: result.failures.map((f) => ({ code: domainErrorResponses[f.code].code, error: f.message, client_ids: f.clientIds })),
  };
}
