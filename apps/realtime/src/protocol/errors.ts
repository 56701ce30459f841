// Numeric error codes of the LeanCloud RTM protocol (the SDK's src/error.js, protocol
// reference section 11), the reply-error type handlers throw, and the close type.
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
 * Maps anything a handler threw to a reply error. Unknown errors become 4200 INTERNAL_ERROR
 * with a generic text (the caller logs the original).
 *
 * TODO(core): when @parley/core's DomainError exists, add one exhaustive table here,
 * `satisfies Record<DomainErrorCode, { code: ErrorCodeName; temporary: boolean }>`,
 * and map `err instanceof DomainError` through it (INVALID_INPUT → INVALID_COMMAND, …).
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof WireError) return err;
  return new WireError("INTERNAL_ERROR");
}
