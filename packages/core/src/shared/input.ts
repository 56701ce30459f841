import { z } from "zod";
import { DomainError, type DomainErrorCode } from "../errors.js";

/**
 * Validates a use-case input with its zod schema. A failure is the caller's fault:
 * `INVALID_INPUT` (or the given code) with zod's issues in `details`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, code: DomainErrorCode = "INVALID_INPUT"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new DomainError(code, z.prettifyError(result.error), { issues: result.error.issues });
  }
  return result.data;
}
