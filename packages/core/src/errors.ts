/**
 * The one error type core throws for failures a caller can cause.
 * Every adapter maps `code` through an exhaustive table
 * (`satisfies Record<DomainErrorCode, …>`), so adding a code breaks the build
 * until each transport knows how to report it.
 */
export const DOMAIN_ERROR_CODES = [
  // generic
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "INVALID_INPUT",
  "RATE_LIMITED",
  "INTERNAL",
  // apps and sessions
  "APP_NOT_FOUND",
  "INVALID_CLIENT_ID",
  "SIGNATURE_FAILED",
  "SESSION_TOKEN_EXPIRED",
  "SESSION_CONFLICT",
  // conversations
  "CONVERSATION_NOT_FOUND",
  "CONVERSATION_EXPIRED",
  "CONVERSATION_FULL",
  "CONVERSATION_SIGNATURE_FAILED",
  "CONVERSATION_NOT_ALLOWED",
  "CONVERSATION_UPDATE_REJECTED",
  "CONVERSATION_READ_ONLY",
  "CONVERSATION_QUERY_INVALID",
  "MEMBERSHIP_REQUIRED",
  "MEMBER_BLOCKED",
  "MEMBER_SILENCED",
  "SYSTEM_CONVERSATION_REQUIRED",
  "NORMAL_CONVERSATION_REQUIRED",
  "TRANSIENT_CONVERSATION_REQUIRED",
  "OWNER_PROMOTION_NOT_ALLOWED",
  "FEATURE_DISABLED",
  // messages
  "INVALID_MESSAGING_TARGET",
  /** An operator's message to chosen clients names clients not subscribed to the service conversation. */
  "NOT_SUBSCRIBED",
  "MESSAGE_TOO_LARGE",
  "MESSAGE_NOT_FOUND",
  "MESSAGE_OWNERSHIP_REQUIRED",
  "MESSAGE_EDIT_DISABLED",
  "MESSAGE_RECALL_DISABLED",
  "HISTORY_REJECTED",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One failed id group inside a batch result (LeanCloud's PartiallySuccess). */
export interface BatchFailure {
  code: DomainErrorCode;
  message: string;
  clientIds: string[];
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string = code,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
