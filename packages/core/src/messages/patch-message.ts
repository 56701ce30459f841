import { z } from "zod";
import type { MessageContent } from "../conversations/types.js";
import { DomainError } from "../errors.js";
import { initiatorOf, PATCH_CODE_MODERATED, type Actor } from "../events.js";
import { mayPatchMessage } from "../members/policy.js";
import { assertMayWrite } from "../shared/actor.js";
import { uniqueIds } from "../shared/client-id.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp, loadConversation } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { assertContentSize, lastMessageOf, lcTypeOf, MessageContentInput, RECALLED_CONTENT } from "./content.js";
import type { Message } from "./types.js";

export const PatchMessageInput = z.discriminatedUnion("recall", [
  z.object({
    recall: z.literal(true),
    conversationId: z.string().min(1),
    messageId: z.string().min(1),
    /** The original timestamp as the SDK sends it; informative only (the id identifies the message). */
    timestamp: z.number().int().optional(),
    /** Kept with the revision (console). */
    reason: z.string().max(1000).optional(),
    sessionId: z.string().nullish(),
  }),
  z.object({
    recall: z.literal(false),
    conversationId: z.string().min(1),
    messageId: z.string().min(1),
    timestamp: z.number().int().optional(),
    content: MessageContentInput,
    mentionPids: z.array(z.string()).max(1000).default([]),
    mentionAll: z.boolean().default(false),
    reason: z.string().max(1000).optional(),
    sessionId: z.string().nullish(),
  }),
]);
export type PatchMessageInput = z.input<typeof PatchMessageInput>;

export interface PatchMessageResult {
  message: Message;
  /** = message.patchTimestamp (the reply's `lastPatchTime`). */
  patchTimestamp: number;
}

/**
 * `patch modify` (protocol part 1, §7): recall (content becomes `{"_lctype":-127}`) or edit.
 * Clients may patch only their own messages (MESSAGE_OWNERSHIP_REQUIRED), may not edit while
 * blocked (MEMBER_BLOCKED) or silenced (MEMBER_SILENCED), and only while the
 * app allows it (MESSAGE_RECALL_DISABLED / MESSAGE_EDIT_DISABLED, also outside
 * `patchWindowSeconds`); server and operator actors may patch anything. The replaced
 * content is kept as a MessageRevision. Emits `MessagePatched` to the members.
 */
export async function patchMessage(deps: CoreDeps, actor: Actor, input: PatchMessageInput): Promise<PatchMessageResult> {
  const p = parseInput(PatchMessageInput, input);
  assertMayWrite(actor);
  return deps.uow.run(async (tx) => {
    const now = deps.clock.now();
    const app = await loadApp(tx, actor.appId);
    const conversation = await loadConversation(tx, app.id, p.conversationId, now);
    const original = await tx.messages.get(conversation.id, p.messageId);
    if (!original || (actor.kind === "client" && original.visibleTo != null && !original.visibleTo.includes(actor.clientId))) {
      throw new DomainError("MESSAGE_NOT_FOUND", `unknown message ${p.messageId}`);
    }
    if (!mayPatchMessage(actor, original.from)) throw new DomainError("MESSAGE_OWNERSHIP_REQUIRED", "only the sender may change a message");

    if (actor.kind === "client") {
      const { features } = app.settings;
      const code = p.recall ? "MESSAGE_RECALL_DISABLED" : "MESSAGE_EDIT_DISABLED";
      if (!(p.recall ? features.recall : features.edit)) throw new DomainError(code, `${p.recall ? "recall" : "edit"} is disabled`);
      if (features.patchWindowSeconds > 0 && now - original.timestamp > features.patchWindowSeconds * 1000) {
        throw new DomainError(code, "too late to change this message");
      }
      if (!p.recall && original.recalled) throw new DomainError(code, "a recalled message cannot be edited");
      // An edit puts new words in front of every member: refused like a send for a blocked or
      // silenced client. Taking one's own words back (recall) stays allowed.
      if (!p.recall) {
        const [block] = await tx.moderation.getActiveBlocks(conversation.id, [actor.clientId], new Date(now));
        if (block) throw new DomainError("MEMBER_BLOCKED", "blocked in this conversation");
        const [silence] = await tx.moderation.getActiveSilences(conversation.id, [actor.clientId], new Date(now));
        if (silence) throw new DomainError("MEMBER_SILENCED", "silenced in this conversation", { expiresAt: silence.expiresAt?.getTime() ?? null });
      }
    }

    let content: MessageContent = RECALLED_CONTENT;
    if (!p.recall) {
      assertContentSize(p.content, app.settings.limits.messageBytes);
      content = p.content;
    }
    const patchTimestamp = Math.max(now, (original.patchTimestamp ?? 0) + 1);
    await tx.messages.insertRevision({
      conversationId: conversation.id,
      messageId: original.id,
      content: original.content,
      replacedAt: patchTimestamp,
      replacedBy: initiatorOf(actor),
      reason: p.reason ?? null,
      kind: p.recall ? "recall" : "edit",
    });
    const message = await tx.messages.patch(conversation.id, original.id, {
      content,
      lcType: lcTypeOf(content),
      mentionAll: p.recall ? false : p.mentionAll,
      mentionPids: p.recall ? [] : uniqueIds(p.mentionPids),
      patchTimestamp,
      recalled: p.recall || original.recalled,
    });
    if (!message) throw new DomainError("MESSAGE_NOT_FOUND", `unknown message ${p.messageId}`);
    await tx.conversations.replaceLastMessage(app.id, conversation.id, lastMessageOf(message));
    await recordEvents(tx, [
      {
        type: "MessagePatched",
        appId: app.id,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: initiatorOf(actor),
        at: now,
        message,
        recall: p.recall,
        ...(actor.kind !== "client" || actor.clientId !== original.from
          ? { reason: { code: PATCH_CODE_MODERATED, detail: p.reason ?? null } }
          : {}),
        recipients: message.visibleTo != null ? [...message.visibleTo] : await tx.members.listIds(conversation.id),
      },
    ]);
    return { message, patchTimestamp };
  });
}
