import type { Logger } from "../logger.js";

/** A logger that drops everything; records errors/warnings so tests can assert on them. */
export function createSilentLogger(): Logger & { errors: unknown[][]; warnings: unknown[][] } {
  const errors: unknown[][] = [];
  const warnings: unknown[][] = [];
  return {
    errors,
    warnings,
    debug() {},
    info() {},
    warn(...args) {
      warnings.push(args);
    },
    error(...args) {
      errors.push(args);
    },
  };
}
