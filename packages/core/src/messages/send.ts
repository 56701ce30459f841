import { z } from "zod";
import type { Conversation } from "../conversations/types.js";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import type { SendContext, Transaction } from "../ports.js";
import { uniqueIds } from "../shared/client-id.js";
import type { CoreDeps } from "../shared/deps.js";
import { isExpired } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { assertContentSize, lastMessageOf, lcTypeOf, MessageContentInput } from "./content.js";
import type { Message } from "./types.js";

/** Fields shared by postMessage and deliverWillMessage. */
export const MessageFields = {
  conversationId: z.string().min(1),
  content: MessageContentInput,
  /** `r`: the sender wants delivery/read receipts (ignored for chat rooms and transient messages). */
  receipt: z.boolean().default(false),
  mentionPids: z.array(z.string()).max(1000).default([]),
  mentionAll: z.boolean().default(false),
  /** Offline push payload (JSON text), kept verbatim. */
  pushData: z.string().max(64 * 1024).nullish(),
  /** 1 high, 2 normal, 3 low (chat rooms). */
  priority: z.number().int().min(1).max(3).nullish(),
  /** The sending session, so the fan-out does not echo the message to it. */
  sessionId: z.string().nullish(),
  /**
   * Service conversations, server and operator senders only: deliver to these clients only
   * (subscribed or not) and keep the message visible to them alone (REST `to_clients`).
   */
  toClients: z.array(z.string().min(1).max(256)).min(1).max(500).optional(),
};

export interface SendOptions {
  transient: boolean;
  will: "hold" | "deliver" | "no";
  messageId?: string;
}

interface SendInput {
  conversationId: string;
  content: Message["content"];
  receipt: boolean;
  mentionPids: string[];
  mentionAll: boolean;
  pushData?: string | null;
  priority?: number | null;
  sessionId?: string | null;
  toClients?: string[];
}

/**
 * The conversation and the sender's standing, read in one round trip: unknown →
 * INVALID_MESSAGING_TARGET, expired → CONVERSATION_EXPIRED; a client sender must be a member
 * (blocked → MEMBER_BLOCKED) and not silenced (MEMBER_SILENCED). Servers and operators skip
 * the standing checks.
 */
async function loadAndAuthorize(
  tx: Transaction,
  actor: Actor,
  conversationId: string,
  content: Message["content"],
  now: number,
): Promise<SendContext & { conversation: Conversation }> {
  const found = await tx.conversations.getForSend(actor.appId, conversationId, {
    senderId: actor.kind === "client" ? actor.clientId : null,
    now: new Date(now),
    memberIds: actor.kind === "client" ? "unless-service" : "all",
  });
  if (!found) throw new DomainError("APP_NOT_FOUND", `unknown app ${actor.appId}`, { appId: actor.appId });
  assertContentSize(content, found.app.settings.limits.messageBytes);
  const { conversation } = found;
  if (!conversation) throw new DomainError("INVALID_MESSAGING_TARGET", `unknown conversation ${conversationId}`, { conversationId });
  const ctx = { ...found, conversation };
  if (isExpired(conversation, now)) {
    throw new DomainError("CONVERSATION_EXPIRED", `temporary conversation ${conversationId} expired`, { conversationId });
  }
  if (actor.kind !== "client") return ctx;
  if (!ctx.senderIsMember) {
    if (ctx.senderBlocked) throw new DomainError("MEMBER_BLOCKED", "blocked in this conversation");
    throw new DomainError("INVALID_MESSAGING_TARGET", "not a member of this conversation");
  }
  if (ctx.senderSilence) {
    throw new DomainError("MEMBER_SILENCED", "silenced in this conversation", { expiresAt: ctx.senderSilence.expiresAt?.getTime() ?? null });
  }
  return ctx;
}

/**
 * `toClients` is a service conversation's server-side feature. The app's server (REST) may
 * address any client, as LeanCloud's per-user messages do; an operator only subscribers
 * (NOT_SUBSCRIBED names the others).
 */
function chosenRecipients(actor: Actor, context: SendContext & { conversation: Conversation }, toClients: readonly string[]): string[] {
  if (actor.kind === "client") throw new DomainError("FORBIDDEN", "only the server or an operator may send to chosen clients");
  if (context.conversation.kind !== "service") throw new DomainError("SYSTEM_CONVERSATION_REQUIRED", "toClients needs a service conversation");
  const chosen = uniqueIds(toClients);
  if (actor.kind === "operator") {
    const subscribed = new Set(context.memberIds ?? []);
    const strangers = chosen.filter((id) => !subscribed.has(id));
    if (strangers.length > 0) throw new DomainError("NOT_SUBSCRIBED", `not subscribed: ${strangers.join(", ")}`, { clientIds: strangers });
  }
  return chosen;
}

/**
 * The sending path of postMessage and deliverWillMessage:
 * - size first (MESSAGE_TOO_LARGE, nothing stored), then the conversation
 *   (unknown → INVALID_MESSAGING_TARGET, expired → CONVERSATION_EXPIRED), then the sender
 *   (client actors must be members; blocked → MEMBER_BLOCKED; silenced → MEMBER_SILENCED);
 * - a message a client sends to a service conversation is visible to that client only
 *   (kept for the service, not fanned out); server/operator messages there are broadcasts,
 *   or reach only `toClients` (and stay visible to them alone) when given;
 * - transient messages are not stored and do not move the last message;
 * - `will: "hold"` validates and assigns id/timestamp but stores and emits nothing.
 */
export async function send(deps: CoreDeps, actor: Actor, p: SendInput, options: SendOptions): Promise<{ message: Message; stored: boolean }> {
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    // The app, the size check, the conversation and the sender's standing: one read.
    const context = await loadAndAuthorize(tx, actor, p.conversationId, p.content, now);
    const { app, conversation } = context;

    const from = initiatorOf(actor);
    const chosen = p.toClients ? chosenRecipients(actor, context, p.toClients) : null;
    const privateToService = conversation.kind === "service" && actor.kind === "client";
    const visibleTo = privateToService ? [from] : chosen;
    const receiptsApply = !options.transient && conversation.kind !== "chatroom";
    const message: Message = {
      conversationId: conversation.id,
      id: options.messageId ?? deps.ids.messageId(),
      timestamp: now,
      from,
      content: p.content,
      lcType: lcTypeOf(p.content),
      mentionAll: p.mentionAll,
      mentionPids: uniqueIds(p.mentionPids),
      receipt: receiptsApply && p.receipt,
      patchTimestamp: null,
      recalled: false,
      pushData: p.pushData ?? null,
      priority: p.priority ?? null,
      visibleTo,
    };
    if (options.will === "hold") return { message, stored: false };

    const stored = !options.transient;
    if (stored) {
      await tx.messages.insert(message);
      if (!visibleTo) await tx.conversations.advanceLastMessage(app.id, conversation.id, lastMessageOf(message));
    }
    await recordEvents(tx, [
      {
        type: "MessagePosted",
        appId: app.id,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: from,
        at: now,
        message,
        transient: options.transient,
        will: options.will === "deliver",
        recipients: visibleTo ? [...visibleTo] : (context.memberIds ?? (await tx.members.listIds(conversation.id))),
        originSessionId: p.sessionId ?? null,
      },
    ]);
    return { message, stored };
  });
}
