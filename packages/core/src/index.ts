// Errors, events, ports
export * from "./errors.js";
export * from "./events.js";
export * from "./ports.js";
export { joinTransaction, type CoreDeps } from "./shared/deps.js";
export type { BatchResult } from "./shared/batch.js";
export { SignatureInput, SIGNATURE_FRESHNESS_MS, signatureTimestampMs } from "./shared/signature.js";
export { PERMANENT_EVENT_TYPES } from "./shared/record-events.js";
export { isValidClientId, compareIds } from "./shared/client-id.js";
export { isLcDate, lcDate } from "./shared/json.js";
export { utf8ByteLength } from "./shared/utf8.js";

// Apps and sessions
export * from "./apps/types.js";
export * from "./apps/create-app.js";
export * from "./apps/update-app.js";
export * from "./apps/get-app.js";
export * from "./apps/list-apps.js";
export * from "./apps/verify-login-signature.js";
export * from "./apps/open-session.js";
export * from "./apps/refresh-session.js";
export * from "./apps/verify-session-token.js";
export * from "./apps/close-session.js";
export { CONFLICT_REASON } from "./apps/session-tokens.js";

// Conversations
export * from "./conversations/types.js";
export * from "./conversations/create-conversation.js";
export * from "./conversations/get-conversation.js";
export * from "./conversations/query-conversations.js";
export * from "./conversations/update-conversation.js";
export * from "./conversations/delete-conversation.js";
export * from "./conversations/mute-conversation.js";
export * from "./conversations/unmute-conversation.js";
export type { ConversationRecord } from "./conversations/record.js";
export { parseWhere, parseSort } from "./conversations/where.js";
export { translateQuotedLiterals } from "./conversations/regex.js";
export { applyAttributeUpdate, FORBIDDEN_ATTRIBUTE_KEYS } from "./conversations/attributes.js";

// Members
export * from "./members/types.js";
export * from "./members/policy.js";
export * from "./members/add-members.js";
export * from "./members/remove-members.js";
export * from "./members/join-conversation.js";
export * from "./members/quit-conversation.js";
export * from "./members/count-members.js";
export * from "./members/update-member-role.js";
export * from "./members/list-member-roles.js";

// Moderation
export * from "./moderation/types.js";
export * from "./moderation/silence-members.js";
export * from "./moderation/unsilence-members.js";
export * from "./moderation/list-silenced.js";
export * from "./moderation/block-members.js";
export * from "./moderation/unblock-members.js";
export * from "./moderation/list-blocked.js";

// Messages
export * from "./messages/types.js";
export * from "./messages/post-message.js";
export * from "./messages/deliver-will-message.js";
export * from "./messages/query-history.js";
export * from "./messages/patch-message.js";
export * from "./messages/list-patches-since.js";
export { RECALLED_CONTENT, lcTypeOf, contentBytes } from "./messages/content.js";

// Notifications (REST catch-up)
export * from "./notifications/list-notifications.js";

// Receipts and unread
export * from "./receipts/acknowledge-delivery.js";
export * from "./receipts/mark-read.js";
export * from "./receipts/get-receipt-timestamps.js";
export * from "./receipts/list-unread.js";
export * from "./receipts/list-undelivered.js";
