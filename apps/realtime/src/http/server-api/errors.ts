// Failures of the LeanCloud-compatible server REST API (/1.2/rtm): every DomainError code through
// ONE exhaustive table to an HTTP status and LeanCloud's numeric code, the edge's own failures
// (auth, malformed JSON, validation), and the `{code, error}` body (protocol part 3, §1.4).
import { isDomainError, type DomainErrorCode } from "@parley/core";
import { z } from "zod";

export interface ErrorResponse {
  status: number;
  code: number;
}

/**
 * DomainError code → HTTP status + LeanCloud code. Codes are the reference's where it names one
 * (§1.4: 1, 101, 119, 401, 403, 429; 43xx/44xx/45xx), else the SDK's own number for the same
 * condition (protocol part 1 §11). Choices:
 * - CONVERSATION_NOT_FOUND → 404/101: §1.4 [Rec] for `_Conversation`-backed endpoints
 *   (sends report a missing conversation as INVALID_MESSAGING_TARGET → 4401 instead).
 * - NOT_FOUND → 404/101, the storage "Object doesn't exist".
 * - MEMBER_BLOCKED → 4548 BLOCKED_BY_CONV (§2.1.6); MEMBER_SILENCED → 4563 SILIENCED (§6 item 12).
 * - FEATURE_DISABLED → 403/119 "That operation isn't allowed" (§1.4).
 * - INVALID_INPUT, CONFLICT, INTERNAL → code 1, LeanCloud's catch-all.
 */
export const domainErrorResponses = {
  NOT_FOUND: { status: 404, code: 101 },
  FORBIDDEN: { status: 403, code: 403 },
  CONFLICT: { status: 409, code: 1 },
  INVALID_INPUT: { status: 400, code: 1 },
  RATE_LIMITED: { status: 429, code: 429 },
  INTERNAL: { status: 500, code: 1 },
  APP_NOT_FOUND: { status: 401, code: 401 },
  INVALID_CLIENT_ID: { status: 400, code: 4103 },
  SIGNATURE_FAILED: { status: 401, code: 4102 },
  SESSION_TOKEN_EXPIRED: { status: 401, code: 4112 },
  SESSION_CONFLICT: { status: 409, code: 4111 },
  CONVERSATION_NOT_FOUND: { status: 404, code: 101 },
  CONVERSATION_EXPIRED: { status: 404, code: 4323 },
  CONVERSATION_FULL: { status: 409, code: 4304 },
  CONVERSATION_SIGNATURE_FAILED: { status: 403, code: 4302 },
  CONVERSATION_NOT_ALLOWED: { status: 403, code: 4308 },
  CONVERSATION_UPDATE_REJECTED: { status: 403, code: 4309 },
  CONVERSATION_READ_ONLY: { status: 403, code: 4307 },
  CONVERSATION_QUERY_INVALID: { status: 400, code: 4310 },
  MEMBERSHIP_REQUIRED: { status: 403, code: 4317 },
  MEMBER_BLOCKED: { status: 403, code: 4548 },
  MEMBER_SILENCED: { status: 403, code: 4563 },
  SYSTEM_CONVERSATION_REQUIRED: { status: 400, code: 4313 },
  NORMAL_CONVERSATION_REQUIRED: { status: 400, code: 4314 },
  TRANSIENT_CONVERSATION_REQUIRED: { status: 400, code: 4316 },
  OWNER_PROMOTION_NOT_ALLOWED: { status: 400, code: 5130 },
  FEATURE_DISABLED: { status: 403, code: 119 },
  INVALID_MESSAGING_TARGET: { status: 404, code: 4401 },
  NOT_SUBSCRIBED: { status: 400, code: 4401 }, // operators only: the REST API's server actor may address anyone
  MESSAGE_TOO_LARGE: { status: 400, code: 4109 },
  MESSAGE_NOT_FOUND: { status: 404, code: 4404 },
  MESSAGE_OWNERSHIP_REQUIRED: { status: 403, code: 4403 },
  MESSAGE_EDIT_DISABLED: { status: 403, code: 4406 },
  MESSAGE_RECALL_DISABLED: { status: 403, code: 4407 },
  HISTORY_REJECTED: { status: 403, code: 4312 },
} as const satisfies Record<DomainErrorCode, ErrorResponse>;

/** A failure the HTTP edge itself detects (credentials, body, parameters, missing ports). */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const unauthorized = () => new HttpError(401, 401, "Unauthorized.");
export const masterKeyRequired = () => new HttpError(403, 403, "Forbidden: this endpoint requires the master key.");
export const malformedJson = (what = "body") =>
  new HttpError(400, 107, `Malformed json object. A json dictionary is expected (${what}).`);
export const notAvailable = (what: string) => new HttpError(501, 1, `${what} is not available on this server.`);

/** zod failure at the edge → 400, code 1, with zod's readable message. */
export const invalidParameters = (error: z.ZodError) => new HttpError(400, 1, `Invalid parameters: ${z.prettifyError(error)}`);

const INTERNAL_MESSAGE = "Internal server error. No information available.";

/** The status and `{code, error}` body for anything a route threw; `unexpected` marks bugs (log them). */
export function errorResponse(err: unknown): { status: number; body: { code: number; error: string }; unexpected: boolean } {
  if (err instanceof HttpError) return { status: err.status, body: { code: err.code, error: err.message }, unexpected: false };
  if (isDomainError(err)) {
    const { status, code } = domainErrorResponses[err.code];
    const error = err.code === "INTERNAL" ? INTERNAL_MESSAGE : err.message;
    return { status, body: { code, error }, unexpected: err.code === "INTERNAL" };
  }
  return { status: 500, body: { code: 1, error: INTERNAL_MESSAGE }, unexpected: true };
}
