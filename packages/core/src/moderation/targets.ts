import type { App } from "../apps/types.js";
import type { Conversation } from "../conversations/types.js";
import { DomainError } from "../errors.js";
import { initiatorOf, type Actor, type DomainEvent } from "../events.js";
import { assertMayModerate, mayModerateTarget, standingOf, targetRoleOf, type ModerationAction } from "../members/policy.js";
import type { Transaction } from "../ports.js";
import { FailureCollector } from "../shared/batch.js";
import { uniqueIds } from "../shared/client-id.js";
import { loadApp, loadConversation } from "../shared/load.js";
import type { CoreDeps } from "../shared/deps.js";
import { checkActionSignature, type SignatureInput } from "../shared/signature.js";

export interface ModerationTargets {
  app: App;
  conversation: Conversation;
  /** De-duplicated ids the actor may act on. */
  permitted: string[];
  failures: FailureCollector;
  /** Current member ids among the requested ones. */
  memberIds: Set<string>;
}

/**
 * The common part of silence/unsilence/block/unblock: load under the conversation lock,
 * refuse temporary conversations, check the actor's rights (whole request), then sort the
 * targets into permitted ones and per-id CONVERSATION_NOT_ALLOWED failures.
 */
export async function resolveModerationTargets(
  tx: Transaction,
  actor: Actor,
  conversationId: string,
  clientIds: readonly string[],
  action: ModerationAction,
  now: number,
): Promise<ModerationTargets> {
  await tx.locks.acquire(`conversation:${conversationId}`);
  const app = await loadApp(tx, actor.appId);
  const conversation = await loadConversation(tx, app.id, conversationId, now);
  if (conversation.kind === "temporary") throw new DomainError("CONVERSATION_NOT_ALLOWED", "temporary conversations cannot be moderated");
  const standing = standingOf(actor, conversation, actor.kind === "client" ? await tx.members.get(conversation.id, actor.clientId) : null);
  assertMayModerate(standing, action);
  const ids = uniqueIds(clientIds);
  const members = new Map((await tx.members.getMany(conversation.id, ids)).map((m) => [m.clientId, m]));
  const failures = new FailureCollector();
  const permitted: string[] = [];
  for (const id of ids) {
    if (mayModerateTarget(standing, action, targetRoleOf(conversation, members.get(id)))) permitted.push(id);
    else failures.add("CONVERSATION_NOT_ALLOWED", `not allowed to ${action} this member`, id);
  }
  return { app, conversation, permitted, failures, memberIds: new Set(members.keys()) };
}

/**
 * Who hears a moderation change: every member plus the targets; in chat rooms and
 * service conversations (possibly huge) only the targets.
 */
export async function moderationRecipients(tx: Transaction, conversation: Conversation, targets: readonly string[]): Promise<string[]> {
  if (conversation.kind === "chatroom" || conversation.kind === "service") return [...targets];
  return uniqueIdsOf([...(await tx.members.listIds(conversation.id)), ...targets]);
}

const uniqueIdsOf = (ids: string[]) => [...new Set(ids)];

/** Whole-request check for listing silences/blocks: members (or server/operator) only. */
export async function assertMayList(tx: Transaction, actor: Actor, conversationId: string, now: number): Promise<Conversation> {
  const conversation = await loadConversation(tx, actor.appId, conversationId, now);
  if (actor.kind === "client" && !(await tx.members.get(conversation.id, actor.clientId))) {
    throw new DomainError("MEMBERSHIP_REQUIRED", "only members may list this");
  }
  return conversation;
}

type ModerationEventType = "MembersSilenced" | "MembersUnsilenced" | "MembersBlocked" | "MembersUnblocked";

/** The event of a moderation change to `clientIds`, heard by `moderationRecipients`. */
export async function moderationEvent(
  tx: Transaction,
  actor: Actor,
  t: ModerationTargets,
  type: ModerationEventType,
  clientIds: string[],
  at: number,
): Promise<DomainEvent> {
  return {
    type,
    appId: t.app.id,
    conversationId: t.conversation.id,
    conversationKind: t.conversation.kind,
    initBy: initiatorOf(actor),
    at,
    clientIds,
    recipients: await moderationRecipients(tx, t.conversation, clientIds),
  };
}

/**
 * Block and unblock: the app's `blockList` feature, and for client actors the blacklist
 * signature when the app requires it (`conversation-block-clients` / `-unblock-clients`).
 */
export function assertBlockListAction(
  deps: Pick<CoreDeps, "clock" | "crypto">,
  actor: Actor,
  t: ModerationTargets,
  signature: SignatureInput | undefined,
  clientIds: readonly string[],
  action: "conversation-block-clients" | "conversation-unblock-clients",
): void {
  if (!t.app.settings.features.blockList) throw new DomainError("FEATURE_DISABLED", "block lists are disabled for this app");
  if (actor.kind !== "client" || !t.app.settings.signatures.blacklist) return;
  const ok = checkActionSignature(
    deps,
    t.app.masterKey,
    signature,
    { appId: t.app.id, clientId: actor.clientId, conversationId: t.conversation.id, clientIds },
    [action],
  );
  if (!ok) throw new DomainError("CONVERSATION_SIGNATURE_FAILED", "blacklist signature check failed");
}
