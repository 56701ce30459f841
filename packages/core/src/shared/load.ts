import type { App } from "../apps/types.js";
import type { Conversation } from "../conversations/types.js";
import { DomainError, type DomainErrorCode } from "../errors.js";
import type { Transaction } from "../ports.js";

export async function loadApp(tx: Transaction, appId: string): Promise<App> {
  const app = await tx.apps.get(appId);
  if (!app) throw new DomainError("APP_NOT_FOUND", `unknown app ${appId}`, { appId });
  return app;
}

export const isExpired = (conversation: Conversation, now: number): boolean =>
  conversation.expiresAt !== null && conversation.expiresAt.getTime() <= now;

/**
 * Loads a conversation of the actor's app. Unknown → `notFound` (default
 * CONVERSATION_NOT_FOUND); an expired temporary conversation → CONVERSATION_EXPIRED.
 */
export async function loadConversation(
  tx: Transaction,
  appId: string,
  conversationId: string,
  now: number,
  notFound: DomainErrorCode = "CONVERSATION_NOT_FOUND",
): Promise<Conversation> {
  const conversation = await tx.conversations.get(appId, conversationId);
  if (!conversation) throw new DomainError(notFound, `unknown conversation ${conversationId}`, { conversationId });
  if (isExpired(conversation, now)) {
    throw new DomainError("CONVERSATION_EXPIRED", `temporary conversation ${conversationId} expired`, { conversationId });
  }
  return conversation;
}
