import { z } from "zod";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import { assertValidClientId, sortIds, uniqueIds } from "../shared/client-id.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";
import { recordEvents } from "../shared/record-events.js";
import { checkSignature, SignatureInput } from "../shared/signature.js";
import { splitCreateAttributes } from "./attributes.js";
import type { Attributes, Conversation } from "./types.js";

export const CreateConversationInput = z.object({
  kind: z.enum(["normal", "chatroom", "temporary", "service"]).default("normal"),
  /** `m` as sent; a client creator is added (normal, temporary) or is the only member (chat room). */
  members: z.array(z.string()).max(100_000).default([]),
  /** `attr` as sent: `name` plus custom keys (top-level columns). */
  attributes: z.record(z.string(), z.json()).default({}),
  /** Return the existing unique conversation with the same member set (normal and temporary only). */
  unique: z.boolean().default(false),
  /** Temporary only: `tempConvTTL`; default and maximum from the app's limits. */
  ttlSeconds: z.number().int().positive().optional(),
  signature: SignatureInput.optional(),
});
export type CreateConversationInput = z.input<typeof CreateConversationInput>;

export interface CreateConversationResult {
  conversation: Conversation;
  /** False when an existing unique conversation was returned (no events then). */
  created: boolean;
  /** Temporary only: `tempConvTTL` for `started` (seconds left). */
  ttlSeconds: number | null;
}

/**
 * `conv start` and the REST/console equivalents (protocol part 2, §2). Every initial
 * member hears `ConversationCreated` except in chat rooms (no member events there).
 * Service conversations can only be created by server or operator actors.
 */
export async function createConversation(deps: CoreDeps, actor: Actor, input: CreateConversationInput): Promise<CreateConversationResult> {
  const p = parseInput(CreateConversationInput, input);
  assertMayWrite(actor);
  if (p.kind === "service" && actor.kind === "client") {
    throw new DomainError("CONVERSATION_NOT_ALLOWED", "clients cannot create service conversations");
  }
  return deps.uow.run(async (tx) => {
    const app = await loadApp(tx, actor.appId);
    const { limits, signatures } = app.settings;
    const now = deps.clock.now();
    const self = actor.kind === "client" ? actor.clientId : null;

    let memberIds = uniqueIds(p.members);
    if (p.kind === "chatroom" && self !== null) memberIds = [self];
    else if (self !== null && p.kind !== "service") memberIds = uniqueIds([...memberIds, self]);
    for (const id of memberIds) assertValidClientId(id, limits.clientIdLength);
    const sorted = sortIds(memberIds);

    if (p.kind === "temporary" && sorted.length > limits.temporaryMaxMembers) {
      throw new DomainError("CONVERSATION_FULL", `a temporary conversation has at most ${limits.temporaryMaxMembers} members`);
    }
    if (p.kind === "normal" && sorted.length > limits.membersPerConversation) {
      throw new DomainError("CONVERSATION_FULL", `a conversation has at most ${limits.membersPerConversation} members`);
    }

    // Temporary creations need no signature, but one that is sent is checked (part 2, §12).
    const mustSign = self !== null && signatures.conversation && (p.kind !== "temporary" || p.signature !== undefined);
    if (mustSign) {
      // Signed over the `m` the SDK sent (members ∪ self, sorted), also for a transient
      // createConversation whose other members are not stored.
      const signed = sortIds(uniqueIds([...p.members, self]));
      const ok = checkSignature(deps, app.masterKey, p.signature, (t, n) => [app.id, self, signed.join(":"), t, n].join(":"));
      if (!ok) throw new DomainError("CONVERSATION_SIGNATURE_FAILED", "conversation signature check failed");
    }

    const { name, attributes } = splitCreateAttributes(p.attributes as Attributes);

    const unique = p.unique && (p.kind === "normal" || p.kind === "temporary");
    const uniqueId = unique ? deps.crypto.sha1Hex(JSON.stringify(sorted)) : null;
    const ttlLeft = (c: Conversation) =>
      c.expiresAt === null ? null : Math.max(0, Math.ceil((c.expiresAt.getTime() - now) / 1000));
    if (uniqueId !== null) {
      await tx.locks.acquire(`unique:${app.id}:${uniqueId}`);
      const existing = await tx.conversations.findUnique(app.id, p.kind, uniqueId, new Date(now));
      if (existing) return { conversation: existing, created: false, ttlSeconds: ttlLeft(existing) };
    }

    const ttlSeconds =
      p.kind === "temporary" ? Math.min(p.ttlSeconds ?? limits.temporaryDefaultTtlSeconds, limits.temporaryMaxTtlSeconds) : null;
    const creator = initiatorOf(actor);
    const createdAt = new Date(now);
    const conversation: Conversation = {
      appId: app.id,
      id: p.kind === "temporary" ? deps.ids.temporaryConversationId() : deps.ids.objectId(),
      kind: p.kind,
      name,
      creator,
      attributes,
      unique,
      uniqueId,
      createdAt,
      updatedAt: createdAt,
      lastMessageAt: null,
      lastMessage: null,
      expiresAt: ttlSeconds === null ? null : new Date(now + ttlSeconds * 1000),
      memberCount: sorted.length,
    };
    await tx.conversations.insert(conversation);
    await tx.members.insert(
      sorted.map((clientId) => ({
        conversationId: conversation.id,
        clientId,
        role: clientId === creator ? ("Owner" as const) : ("Member" as const),
        joinedAt: createdAt,
        pushMuted: false,
        deliveredAt: 0,
        readAt: 0,
      })),
    );
    await recordEvents(tx, [
      {
        type: "ConversationCreated",
        appId: app.id,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        initBy: creator,
        at: now,
        members: sorted,
        recipients: p.kind === "chatroom" ? [] : sorted,
      },
    ]);
    return { conversation, created: true, ttlSeconds };
  });
}
