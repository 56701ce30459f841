/**
 * Failures the console itself can report, beside core's DomainError: rules about
 * operators (core does not know them) and the realtime service being out of reach.
 * trpc/errors.ts maps each code exhaustively; the client sees it as `data.domainCode`.
 */
export const CONSOLE_ERROR_CODES = [
  /** The change would leave no enabled admin. */
  "LAST_ACTIVE_ADMIN",
  /** The realtime service did not answer, or answered with an error. */
  "REALTIME_UNAVAILABLE",
  /** PARLEY_REALTIME_INTERNAL_URL is not set. */
  "REALTIME_NOT_CONFIGURED",
] as const;

export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

export class ConsoleError extends Error {
  override readonly name = "ConsoleError";
  constructor(
    readonly code: ConsoleErrorCode,
    message: string = code,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isConsoleError = (e: unknown): e is ConsoleError => e instanceof ConsoleError;
