import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { DomainError, DomainErrorCode } from "@parley/core";
import type { ConsoleError, ConsoleErrorCode } from "../console-errors";

/**
 * Every domain error code → the tRPC code the console receives. Exhaustive:
 * adding a code to core breaks the build here until it is mapped.
 * `data.domainCode` (see init.ts) carries the precise code to the client.
 */
export const DOMAIN_TO_TRPC_CODE = {
  // generic
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  // apps and sessions
  APP_NOT_FOUND: "NOT_FOUND",
  INVALID_CLIENT_ID: "BAD_REQUEST",
  SIGNATURE_FAILED: "FORBIDDEN",
  SESSION_TOKEN_EXPIRED: "UNAUTHORIZED",
  SESSION_CONFLICT: "CONFLICT",
  // conversations
  CONVERSATION_NOT_FOUND: "NOT_FOUND",
  CONVERSATION_EXPIRED: "PRECONDITION_FAILED",
  CONVERSATION_FULL: "CONFLICT",
  CONVERSATION_SIGNATURE_FAILED: "FORBIDDEN",
  CONVERSATION_NOT_ALLOWED: "FORBIDDEN",
  CONVERSATION_UPDATE_REJECTED: "FORBIDDEN",
  CONVERSATION_READ_ONLY: "FORBIDDEN",
  CONVERSATION_QUERY_INVALID: "BAD_REQUEST",
  MEMBERSHIP_REQUIRED: "FORBIDDEN",
  MEMBER_BLOCKED: "FORBIDDEN",
  MEMBER_SILENCED: "FORBIDDEN",
  SYSTEM_CONVERSATION_REQUIRED: "PRECONDITION_FAILED",
  NORMAL_CONVERSATION_REQUIRED: "PRECONDITION_FAILED",
  TRANSIENT_CONVERSATION_REQUIRED: "PRECONDITION_FAILED",
  OWNER_PROMOTION_NOT_ALLOWED: "FORBIDDEN",
  FEATURE_DISABLED: "PRECONDITION_FAILED",
  // messages
  INVALID_MESSAGING_TARGET: "BAD_REQUEST",
  NOT_SUBSCRIBED: "BAD_REQUEST",
  MESSAGE_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  MESSAGE_NOT_FOUND: "NOT_FOUND",
  MESSAGE_OWNERSHIP_REQUIRED: "FORBIDDEN",
  MESSAGE_EDIT_DISABLED: "PRECONDITION_FAILED",
  MESSAGE_RECALL_DISABLED: "PRECONDITION_FAILED",
  HISTORY_REJECTED: "FORBIDDEN",
} as const satisfies Record<DomainErrorCode, TRPC_ERROR_CODE_KEY>;

/**
 * The one place a DomainError becomes a TRPCError. The client-facing message
 * is the code (DomainError messages are internal); `cause` keeps the original
 * for the error formatter and the server log.
 */
export const toTRPCError = (error: DomainError): TRPCError =>
  new TRPCError({ code: DOMAIN_TO_TRPC_CODE[error.code], message: error.code, cause: error });

/** The console's own failures (see console-errors.ts) → tRPC codes. Exhaustive too. */
export const CONSOLE_TO_TRPC_CODE = {
  LAST_ACTIVE_ADMIN: "PRECONDITION_FAILED",
  REALTIME_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  REALTIME_NOT_CONFIGURED: "SERVICE_UNAVAILABLE",
} as const satisfies Record<ConsoleErrorCode, TRPC_ERROR_CODE_KEY>;

export const consoleToTRPCError = (error: ConsoleError): TRPCError =>
  new TRPCError({ code: CONSOLE_TO_TRPC_CODE[error.code], message: error.code, cause: error });
