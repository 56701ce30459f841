// Numeric error codes of the LeanCloud RTM protocol (the SDK's src/error.js, protocol
// reference section 11), the reply-error type handlers throw, and the close type.
import { isDomainError, type DomainErrorCode } from "@parley/core";
import type { ErrorCommand } from "./types.js";

interface ErrorCodeInfo {
  code: number;
  /** Default human-readable text (the SDK's own where it has one). */
  message: string;
  /** May the client retry the same command later? */
  temporary: boolean;
}

export const errorCodes = {
  CLOSE_NORMAL: { code: 1000, message: "Normal closure.", temporary: true },
  CLOSE_ABNORMAL: { code: 1006, message: "Connection lost.", temporary: true },
  APP_NOT_AVAILABLE: { code: 4100, message: "App not exists or realtime message service is disabled.", temporary: false },
  SIGNATURE_FAILED: { code: 4102, message: "Login signature mismatch.", temporary: false },
  INVALID_LOGIN: { code: 4103, message: "Malformed clientId.", temporary: false },
  SESSION_REQUIRED: { code: 4105, message: "Message sent before session opened.", temporary: false },
  READ_TIMEOUT: { code: 4107, message: "Nothing received from the client for too long.", temporary: true },
  LOGIN_TIMEOUT: { code: 4108, message: "No session opened in time.", temporary: true },
  FRAME_TOO_LONG: { code: 4109, message: "Frame exceeds the size limit.", temporary: false },
  INVALID_ORIGIN: { code: 4110, message: "Access denied by domain whitelist.", temporary: false },
  SESSION_CONFLICT: { code: 4111, message: "Logged in on another device.", temporary: false },
  SESSION_TOKEN_EXPIRED: { code: 4112, message: "Session token invalid or expired.", temporary: false },
  APP_QUOTA_EXCEEDED: { code: 4113, message: "The daily active users limit exceeded.", temporary: true },
  /** Parley extension (LeanCloud REST "kick"; not in the SDK table, which passes it through as a CLOSE event). */
  KICKED_BY_APP: { code: 4115, message: "Kicked by the server.", temporary: false },
  MESSAGE_SENT_QUOTA_EXCEEDED: { code: 4116, message: "Command sent too fast.", temporary: true },
  INTERNAL_ERROR: { code: 4200, message: "Internal error.", temporary: true },
  /** Parley extension (not in the SDK table; the SDK passes it through): undecodable or invalid command. */
  INVALID_COMMAND: { code: 4201, message: "Invalid command.", temporary: false },
  CONVERSATION_API_FAILED: { code: 4301, message: "Conversation storage failed, see detail.", temporary: true },
  CONVERSATION_SIGNATURE_FAILED: { code: 4302, message: "Conversation action signature mismatch.", temporary: false },
  CONVERSATION_NOT_FOUND: { code: 4303, message: "Conversation not found.", temporary: false },
  CONVERSATION_FULL: { code: 4304, message: "Conversation is full.", temporary: false },
  CONVERSATION_REJECTED_BY_APP: { code: 4305, message: "Conversation action rejected by hook.", temporary: false },
  CONVERSATION_UPDATE_FAILED: { code: 4306, message: "Conversation update failed.", temporary: true },
  CONVERSATION_READ_ONLY: { code: 4307, message: "Conversation is read only.", temporary: false },
  CONVERSATION_NOT_ALLOWED: { code: 4308, message: "Operation not allowed on this conversation.", temporary: false },
  CONVERSATION_UPDATE_REJECTED: { code: 4309, message: "Conversation update rejected because the client is not a member.", temporary: false },
  CONVERSATION_QUERY_FAILED: { code: 4310, message: "Conversation query failed because it is too expensive.", temporary: false },
  CONVERSATION_LOG_FAILED: { code: 4311, message: "Message history query failed.", temporary: true },
  CONVERSATION_LOG_REJECTED: { code: 4312, message: "Message query rejected because the client is not a member of the conversation.", temporary: false },
  SYSTEM_CONVERSATION_REQUIRED: { code: 4313, message: "A service conversation is required.", temporary: false },
  NORMAL_CONVERSATION_REQUIRED: { code: 4314, message: "A normal conversation is required.", temporary: false },
  CONVERSATION_BLACKLISTED: { code: 4315, message: "Blacklisted in the conversation.", temporary: false },
  TRANSIENT_CONVERSATION_REQUIRED: { code: 4316, message: "A chat room is required.", temporary: false },
  CONVERSATION_MEMBERSHIP_REQUIRED: { code: 4317, message: "Membership of the conversation is required.", temporary: false },
  CONVERSATION_API_QUOTA_EXCEEDED: { code: 4318, message: "API quota exceeded.", temporary: true },
  TEMPORARY_CONVERSATION_EXPIRED: { code: 4323, message: "Temporary conversation expired or does not exist.", temporary: false },
  INVALID_MESSAGING_TARGET: { code: 4401, message: "Conversation does not exist or client is not a member.", temporary: false },
  MESSAGE_REJECTED_BY_APP: { code: 4402, message: "Message rejected by hook.", temporary: false },
  MESSAGE_OWNERSHIP_REQUIRED: { code: 4403, message: "Only the sender may change the message.", temporary: false },
  MESSAGE_NOT_FOUND: { code: 4404, message: "Message not found.", temporary: false },
  MESSAGE_UPDATE_REJECTED_BY_APP: { code: 4405, message: "Message update rejected by hook.", temporary: false },
  MESSAGE_EDIT_DISABLED: { code: 4406, message: "Editing messages is disabled.", temporary: false },
  MESSAGE_RECALL_DISABLED: { code: 4407, message: "Recalling messages is disabled.", temporary: false },
  OWNER_PROMOTION_NOT_ALLOWED: { code: 5130, message: "Updating a member's role to owner is not allowed.", temporary: false },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCodeName = keyof typeof errorCodes;

/** `ErrorCode.SESSION_CONFLICT === 4111`, mirroring the SDK's exported `ErrorCode`. */
export const ErrorCode = Object.fromEntries(
  Object.entries(errorCodes).map(([name, info]) => [name, info.code]),
) as { readonly [K in ErrorCodeName]: (typeof errorCodes)[K]["code"] };

const namesByCode = new Map<number, ErrorCodeName>(
  (Object.keys(errorCodes) as ErrorCodeName[]).map((name) => [errorCodes[name].code, name]),
);

export function errorCodeName(code: number): ErrorCodeName | undefined {
  return namesByCode.get(code);
}

export interface WireErrorOptions {
  detail?: string;
  appCode?: number;
  appMsg?: string;
  pids?: string[];
}

/**
 * A reply error: fails one command, the connection stays open. `reason` is the symbolic
 * name (the SDK makes it `error.name` and `error.message`), `detail` the human text.
 */
export class WireError extends Error {
  override readonly name = "WireError";
  readonly code: number;
  readonly reason: string;
  readonly detail: string | undefined;
  readonly appCode: number | undefined;
  readonly appMsg: string | undefined;
  readonly pids: string[] | undefined;
  readonly temporary: boolean;

  constructor(codeName: ErrorCodeName, options: WireErrorOptions = {}) {
    const info: ErrorCodeInfo = errorCodes[codeName];
    super(options.detail ?? info.message);
    this.code = info.code;
    this.reason = codeName;
    this.detail = options.detail ?? info.message;
    this.appCode = options.appCode;
    this.appMsg = options.appMsg;
    this.pids = options.pids;
    this.temporary = info.temporary;
  }

  toErrorCommand(): ErrorCommand {
    const out: ErrorCommand = { code: this.code, reason: this.reason };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.appCode !== undefined) out.appCode = this.appCode;
    if (this.appMsg !== undefined) out.appMsg = this.appMsg;
    if (this.pids !== undefined) out.pids = this.pids;
    return out;
  }
}

/**
 * Thrown by a handler to end the whole connection with a WebSocket close code
 * (protocol violation, unknown app, rejected origin). 4100/4103/4110 are fatal for the SDK.
 */
export class ConnectionCloseError extends Error {
  override readonly name = "ConnectionCloseError";
  readonly code: number;
  readonly reason: ErrorCodeName;
  constructor(codeName: ErrorCodeName, detail?: string) {
    super(detail ?? errorCodes[codeName].message);
    this.code = errorCodes[codeName].code;
    this.reason = codeName;
  }
}

/**
 * Every DomainError code → the SDK's numeric code (protocol part 1 §11, part 2 §18). The reply
 * carries the wire name as `reason` (the SDK's `error.name`) and core's message as `detail`.
 * Choices where the SDK has no dedicated code:
 * - NOT_FOUND → 4303: in this protocol a missing thing is a conversation (messages have 4404).
 * - FORBIDDEN, FEATURE_DISABLED → 4308 CONVERSATION_NOT_ALLOWED.
 * - MEMBER_SILENCED → 4308 CONVERSATION_NOT_ALLOWED (detail says "silenced"): the SDK has no
 *   shutup code (part 2 §19.5); 4308 is its "not permitted for this client" code.
 * - MESSAGE_TOO_LARGE → 4109 FRAME_TOO_LONG as an `ack` code (part 1 §5.5): the send fails,
 *   the connection stays (the frame limit is far above the message limit).
 * - INVALID_INPUT → 4201 INVALID_COMMAND (Parley extension); CONVERSATION_QUERY_INVALID → 4310.
 * - CONVERSATION_EXPIRED → 4323 (the SDK's own code for an expired temporary conversation).
 */
export const domainErrorCodes = {
  NOT_FOUND: "CONVERSATION_NOT_FOUND",
  FORBIDDEN: "CONVERSATION_NOT_ALLOWED",
  CONFLICT: "CONVERSATION_API_FAILED",
  INVALID_INPUT: "INVALID_COMMAND",
  RATE_LIMITED: "MESSAGE_SENT_QUOTA_EXCEEDED",
  INTERNAL: "INTERNAL_ERROR",
  APP_NOT_FOUND: "APP_NOT_AVAILABLE",
  INVALID_CLIENT_ID: "INVALID_LOGIN",
  SIGNATURE_FAILED: "SIGNATURE_FAILED",
  SESSION_TOKEN_EXPIRED: "SESSION_TOKEN_EXPIRED",
  SESSION_CONFLICT: "SESSION_CONFLICT",
  CONVERSATION_NOT_FOUND: "CONVERSATION_NOT_FOUND",
  CONVERSATION_EXPIRED: "TEMPORARY_CONVERSATION_EXPIRED",
  CONVERSATION_FULL: "CONVERSATION_FULL",
  CONVERSATION_SIGNATURE_FAILED: "CONVERSATION_SIGNATURE_FAILED",
  CONVERSATION_NOT_ALLOWED: "CONVERSATION_NOT_ALLOWED",
  CONVERSATION_UPDATE_REJECTED: "CONVERSATION_UPDATE_REJECTED",
  CONVERSATION_READ_ONLY: "CONVERSATION_READ_ONLY",
  CONVERSATION_QUERY_INVALID: "CONVERSATION_QUERY_FAILED",
  MEMBERSHIP_REQUIRED: "CONVERSATION_MEMBERSHIP_REQUIRED",
  MEMBER_BLOCKED: "CONVERSATION_BLACKLISTED",
  MEMBER_SILENCED: "CONVERSATION_NOT_ALLOWED",
  SYSTEM_CONVERSATION_REQUIRED: "SYSTEM_CONVERSATION_REQUIRED",
  NORMAL_CONVERSATION_REQUIRED: "NORMAL_CONVERSATION_REQUIRED",
  TRANSIENT_CONVERSATION_REQUIRED: "TRANSIENT_CONVERSATION_REQUIRED",
  OWNER_PROMOTION_NOT_ALLOWED: "OWNER_PROMOTION_NOT_ALLOWED",
  FEATURE_DISABLED: "CONVERSATION_NOT_ALLOWED",
  INVALID_MESSAGING_TARGET: "INVALID_MESSAGING_TARGET",
  NOT_SUBSCRIBED: "INVALID_MESSAGING_TARGET", // operators only; never reached from the SDK
  MESSAGE_TOO_LARGE: "FRAME_TOO_LONG",
  MESSAGE_NOT_FOUND: "MESSAGE_NOT_FOUND",
  MESSAGE_OWNERSHIP_REQUIRED: "MESSAGE_OWNERSHIP_REQUIRED",
  MESSAGE_EDIT_DISABLED: "MESSAGE_EDIT_DISABLED",
  MESSAGE_RECALL_DISABLED: "MESSAGE_RECALL_DISABLED",
  HISTORY_REJECTED: "CONVERSATION_LOG_REJECTED",
} as const satisfies Record<DomainErrorCode, ErrorCodeName>;

/** The wire error for a DomainError code (used for whole replies and for `failedPids` entries). */
export function wireErrorForDomain(code: DomainErrorCode, detail: string, options: Omit<WireErrorOptions, "detail"> = {}): WireError {
  return new WireError(domainErrorCodes[code], { ...options, detail });
}

/**
 * Maps anything a handler threw to a reply error: WireError as is, DomainError through the
 * table above, a storage timeout before the commit 4301 (see deadlineExceededError), anything
 * else 4200 INTERNAL_ERROR with a generic text (the caller logs it).
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof WireError) return err;
  if (isDomainError(err)) return wireErrorForDomain(err.code, err.message);
  if (storageTimeout(err)?.committed === false) {
    return new WireError("CONVERSATION_API_FAILED", { detail: "Storage did not answer in time; nothing was stored. Retry later." });
  }
  return new WireError("INTERNAL_ERROR");
}

/** True when the error is expected (a WireError or DomainError), i.e. not worth an error log. */
/**
 * A command's deadline passed before the storage work it waited for committed: nothing of that
 * unit of work is stored (it was rolled back), so the client may simply retry. 4301
 * CONVERSATION_API_FAILED ("upstream storage failed, see detail", temporary) is the SDK's code
 * for a storage failure; 4200 would say "bug", 4116 "you are sending too fast".
 */
export function deadlineExceededError(deadlineMs: number): WireError {
  return new WireError("CONVERSATION_API_FAILED", {
    detail: `Storage did not answer within ${deadlineMs} ms; nothing was stored. Retry later.`,
  });
}

/**
 * @parley/db's UnitOfWorkTimeoutError, matched by name so this module stays free of the driver.
 * `committed: false`: rolled back before its commit; `"unknown"`: the commit's outcome never came.
 */
function storageTimeout(err: unknown): { committed: false | "unknown" } | undefined {
  if (!(err instanceof Error) || err.name !== "UnitOfWorkTimeoutError") return undefined;
  const committed = (err as { committed?: unknown }).committed;
  return committed === false || committed === "unknown" ? { committed } : undefined;
}

/** A storage deadline passed (either kind): an operational condition, not a bug. */
export function isStorageTimeout(err: unknown): boolean {
  return storageTimeout(err) !== undefined;
}

/**
 * The commit was sent but its outcome never arrived: it may still succeed. Such a command must
 * get no failure reply (the SDK would resend, storing the message twice); it gets no reply at all,
 * which the SDK reports as its own COMMAND_TIMEOUT — "unknown", which is the truth.
 */
export function isCommitOutcomeUnknown(err: unknown): boolean {
  return storageTimeout(err)?.committed === "unknown";
}

export function isExpectedError(err: unknown): boolean {
  return err instanceof WireError || isDomainError(err);
}
