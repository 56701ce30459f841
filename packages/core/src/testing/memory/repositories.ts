import type { Conversation, ConversationKind, LastMessage } from "../../conversations/types.js";
import type { Message } from "../../messages/types.js";
import type {
  AppRepository,
  AuditRepository,
  ConversationRepository,
  LockRepository,
  MemberRepository,
  MessageBound,
  MessageRepository,
  ModerationRepository,
  NotificationRepository,
  ReceiptRepository,
  Repositories,
  SessionTokenRepository,
  UnreadSummary,
} from "../../ports.js";
import { compareIds } from "../../shared/client-id.js";
import { compareConversations, evalFilter, type ConversationView } from "./filter.js";
import { inner, type InMemoryStore, type MemberRow } from "./state.js";

/** Copies out of and into the store, so callers never share objects with it (as with a database). */
const copy = <T>(v: T): T => structuredClone(v);

/** (timestamp, id) order of messages. */
const cmpMessage = (a: { timestamp: number; id: string }, b: { timestamp: number; id: string }) =>
  a.timestamp !== b.timestamp ? a.timestamp - b.timestamp : compareIds(a.id, b.id);

const visible = (m: Message, clientId: string | undefined) =>
  clientId === undefined || m.visibleTo == null || m.visibleTo.includes(clientId);

function stripRow(row: MemberRow) {
  const { readChangedAt: _, ...member } = row;
  return copy(member);
}

export function createInMemoryRepositories(store: InMemoryStore): Repositories {
  const s = () => store.state;

  const withCount = (c: Conversation): Conversation => ({ ...copy(c), memberCount: s().members.get(c.id)?.size ?? 0 });
  const viewOf = (c: Conversation): ConversationView => {
    const rows = [...(s().members.get(c.id)?.values() ?? [])];
    return {
      conversation: c,
      members: rows.map((r) => r.clientId).sort(compareIds),
      mutedMembers: rows.filter((r) => r.pushMuted).map((r) => r.clientId).sort(compareIds),
    };
  };
  const appConversations = (appId: string) => [...s().conversations.values()].filter((c) => c.appId === appId);

  function deleteConversationData(id: string) {
    const st = s();
    st.conversations.delete(id);
    st.members.delete(id);
    st.silences.delete(id);
    st.blocks.delete(id);
    st.messages.delete(id);
    st.revisions = st.revisions.filter((r) => r.conversationId !== id);
  }

  const apps: AppRepository = {
    async get(appId) {
      const app = s().apps.get(appId);
      return app ? copy(app) : null;
    },
    async list() {
      return [...s().apps.values()]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id))
        .map(copy);
    },
    async insert(app) {
      if (s().apps.has(app.id)) throw new Error(`duplicate app ${app.id}`);
      s().apps.set(app.id, copy(app));
    },
    async update(app) {
      const current = s().apps.get(app.id);
      if (!current) return;
      s().apps.set(app.id, { ...current, name: app.name, key: app.key, masterKey: app.masterKey, settings: copy(app.settings), updatedAt: app.updatedAt });
    },
  };

  const conversations: ConversationRepository = {
    async insert(conversation) {
      if (s().conversations.has(conversation.id)) throw new Error(`duplicate conversation ${conversation.id}`);
      s().conversations.set(conversation.id, { ...copy(conversation), memberCount: 0 });
    },
    async get(appId, id) {
      const c = s().conversations.get(id);
      return c && c.appId === appId ? withCount(c) : null;
    },
    async getMany(appId, ids) {
      return [...new Set(ids)].flatMap((id) => {
        const c = s().conversations.get(id);
        return c && c.appId === appId ? [withCount(c)] : [];
      });
    },
    async getForSend(appId, id, options) {
      const app = s().apps.get(appId);
      if (!app) return null;
      const c = s().conversations.get(id);
      if (!c || c.appId !== appId) {
        return { app: copy(app), conversation: null, senderIsMember: false, senderBlocked: false, senderSilence: null, memberIds: null };
      }
      const sender = options.senderId;
      const block = sender === null ? undefined : s().blocks.get(id)?.get(sender);
      const silence = sender === null ? undefined : s().silences.get(id)?.get(sender);
      const skip = options.memberIds === "none" || (options.memberIds === "unless-service" && c.kind === "service");
      return {
        app: copy(app),
        conversation: withCount(c),
        senderIsMember: sender !== null && (s().members.get(id)?.has(sender) ?? false),
        senderBlocked: block !== undefined && isActive(block.expiresAt, options.now),
        senderSilence: silence !== undefined && isActive(silence.expiresAt, options.now) ? { expiresAt: silence.expiresAt } : null,
        memberIds: skip ? null : [...(s().members.get(id)?.keys() ?? [])].sort(compareIds),
      };
    },
    async findUnique(appId, kind, uniqueId, now) {
      const found = appConversations(appId)
        .filter((c) => c.kind === kind && c.unique && c.uniqueId === uniqueId)
        .filter((c) => kind !== "temporary" || (c.expiresAt !== null && c.expiresAt.getTime() > now.getTime()))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id));
      return found[0] ? withCount(found[0]) : null;
    },
    async query(appId, q) {
      return appConversations(appId)
        .filter((c) => evalFilter(q.filter, viewOf(c)))
        .sort(compareConversations(q.sort))
        .slice(q.skip, q.skip + q.limit)
        .map(withCount);
    },
    async count(appId, filter) {
      return appConversations(appId).filter((c) => evalFilter(filter, viewOf(c))).length;
    },
    async update(appId, id, changes) {
      const c = s().conversations.get(id);
      if (!c || c.appId !== appId) return null;
      if (changes.name !== undefined) c.name = changes.name;
      if (changes.attributes !== undefined) c.attributes = copy(changes.attributes);
      c.updatedAt = changes.updatedAt;
      return withCount(c);
    },
    async advanceLastMessage(appId, id, lastMessage: LastMessage) {
      const c = s().conversations.get(id);
      if (!c || c.appId !== appId) return;
      if (c.lastMessage && cmpMessage(lastMessage, c.lastMessage) <= 0) return;
      c.lastMessage = copy(lastMessage);
      c.lastMessageAt = new Date(lastMessage.timestamp);
    },
    async replaceLastMessage(appId, id, lastMessage) {
      const c = s().conversations.get(id);
      if (!c || c.appId !== appId || c.lastMessage?.id !== lastMessage.id) return;
      c.lastMessage = copy(lastMessage);
    },
    async delete(appId, id) {
      const c = s().conversations.get(id);
      if (!c || c.appId !== appId) return false;
      deleteConversationData(id);
      return true;
    },
    async deleteExpired(now, limit) {
      const expired = [...s().conversations.values()]
        .filter((c) => c.kind === "temporary" && c.expiresAt !== null && c.expiresAt.getTime() <= now.getTime())
        .slice(0, limit);
      for (const c of expired) deleteConversationData(c.id);
      return expired.length;
    },
  };

  const members: MemberRepository = {
    async insert(rows) {
      for (const m of rows) {
        const map = inner(s().members, m.conversationId);
        if (!map.has(m.clientId)) map.set(m.clientId, { ...copy(m), readChangedAt: 0 });
      }
    },
    async remove(conversationId, clientIds) {
      const map = s().members.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].filter((id) => map.delete(id));
    },
    async get(conversationId, clientId) {
      const row = s().members.get(conversationId)?.get(clientId);
      return row ? stripRow(row) : null;
    },
    async getMany(conversationId, clientIds) {
      const map = s().members.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].flatMap((id) => {
        const row = map.get(id);
        return row ? [stripRow(row)] : [];
      });
    },
    async list(conversationId, page) {
      return [...(s().members.get(conversationId)?.values() ?? [])]
        .filter((r) => page.after === null || compareIds(r.clientId, page.after) > 0)
        .sort((a, b) => compareIds(a.clientId, b.clientId))
        .slice(0, page.limit)
        .map(stripRow);
    },
    async listIds(conversationId) {
      return [...(s().members.get(conversationId)?.keys() ?? [])].sort(compareIds);
    },
    async count(conversationId) {
      return s().members.get(conversationId)?.size ?? 0;
    },
    async listForConversations(conversationIds) {
      return [...new Set(conversationIds)].flatMap((id) =>
        [...(s().members.get(id)?.values() ?? [])].sort((a, b) => compareIds(a.clientId, b.clientId)).map(stripRow),
      );
    },
    async getForClient(clientId, conversationIds) {
      return [...new Set(conversationIds)].flatMap((id) => {
        const row = s().members.get(id)?.get(clientId);
        return row ? [stripRow(row)] : [];
      });
    },
    async setRole(conversationId, clientId, role) {
      const row = s().members.get(conversationId)?.get(clientId);
      if (!row) return false;
      row.role = role;
      return true;
    },
    async setPushMuted(conversationId, clientId, muted) {
      const row = s().members.get(conversationId)?.get(clientId);
      if (!row) return false;
      row.pushMuted = muted;
      return true;
    },
  };

  const isActive = (expiresAt: Date | null, now: Date) => expiresAt === null || expiresAt.getTime() > now.getTime();

  const moderation: ModerationRepository = {
    async upsertSilences(silences) {
      for (const x of silences) inner(s().silences, x.conversationId).set(x.clientId, copy(x));
    },
    async deleteSilences(conversationId, clientIds) {
      const map = s().silences.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].filter((id) => map.delete(id));
    },
    async getActiveSilences(conversationId, clientIds, now) {
      const map = s().silences.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].flatMap((id) => {
        const x = map.get(id);
        return x && isActive(x.expiresAt, now) ? [copy(x)] : [];
      });
    },
    async listActiveSilences(conversationId, page) {
      return [...(s().silences.get(conversationId)?.values() ?? [])]
        .filter((x) => isActive(x.expiresAt, page.now))
        .filter((x) => page.after === null || compareIds(x.clientId, page.after) > 0)
        .sort((a, b) => compareIds(a.clientId, b.clientId))
        .slice(0, page.limit)
        .map(copy);
    },
    async upsertBlocks(blocks) {
      for (const b of blocks) inner(s().blocks, b.conversationId).set(b.clientId, copy(b));
    },
    async deleteBlocks(conversationId, clientIds) {
      const map = s().blocks.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].filter((id) => map.delete(id));
    },
    async getActiveBlocks(conversationId, clientIds, now) {
      const map = s().blocks.get(conversationId);
      if (!map) return [];
      return [...new Set(clientIds)].flatMap((id) => {
        const b = map.get(id);
        return b && isActive(b.expiresAt, now) ? [copy(b)] : [];
      });
    },
    async listActiveBlocks(conversationId, page) {
      return [...(s().blocks.get(conversationId)?.values() ?? [])]
        .filter((b) => isActive(b.expiresAt, page.now))
        .filter((b) => page.after === null || compareIds(b.clientId, page.after) > 0)
        .sort((a, b) => compareIds(a.clientId, b.clientId))
        .slice(0, page.limit)
        .map(copy);
    },
  };

  const receipts: ReceiptRepository = {
    async raise(conversationId, clientId, to, at) {
      const row = s().members.get(conversationId)?.get(clientId);
      if (!row) return null;
      const before = { deliveredAt: row.deliveredAt, readAt: row.readAt };
      if (to.deliveredAt !== undefined && to.deliveredAt > row.deliveredAt) row.deliveredAt = to.deliveredAt;
      if (to.readAt !== undefined && to.readAt > row.readAt) {
        row.readAt = to.readAt;
        row.readChangedAt = at;
      }
      return { before, after: { deliveredAt: row.deliveredAt, readAt: row.readAt } };
    },
    async listUnread(appId, clientId, options) {
      const out: UnreadSummary[] = [];
      const ids = [...s().members.keys()].sort(compareIds);
      for (const conversationId of ids) {
        const row = s().members.get(conversationId)?.get(clientId);
        const c = s().conversations.get(conversationId);
        if (!row || !c || c.appId !== appId || c.kind === "chatroom") continue;
        if (c.expiresAt !== null && c.expiresAt.getTime() <= options.now.getTime()) continue;
        const base = Math.max(row.readAt, row.joinedAt.getTime());
        const unread = [...(s().messages.get(conversationId)?.values() ?? [])].filter(
          (m) => m.timestamp > base && m.from !== clientId && visible(m, clientId),
        );
        const include =
          options.since === undefined
            ? unread.length > 0
            : (c.lastMessageAt !== null && c.lastMessageAt.getTime() > options.since) || row.readChangedAt > options.since;
        if (!include) continue;
        out.push({
          conversationId,
          kind: c.kind,
          count: Math.min(unread.length, options.cap),
          mentioned: unread.some((m) => m.mentionAll || m.mentionPids.includes(clientId)),
          lastMessage: c.lastMessage ? copy(c.lastMessage) : null,
        });
      }
      return out;
    },
    async raiseDeliveredMany(items, at, now) {
      const out: { conversationId: string; clientId: string; kind: ConversationKind; before: number; after: number }[] = [];
      for (const item of items) {
        const c = s().conversations.get(item.conversationId);
        const row = s().members.get(item.conversationId)?.get(item.clientId);
        if (!c || c.appId !== item.appId || !row || c.kind === "chatroom") continue;
        if (c.expiresAt !== null && c.expiresAt.getTime() <= now.getTime()) continue;
        const raised = await receipts.raise(item.conversationId, item.clientId, { deliveredAt: item.deliveredAt }, at);
        if (raised) out.push({ conversationId: item.conversationId, clientId: item.clientId, kind: c.kind, before: raised.before.deliveredAt, after: raised.after.deliveredAt });
      }
      return out;
    },
    async listUndelivered(appId, clientId, options) {
      const out: Message[] = [];
      for (const [conversationId, members] of s().members) {
        const row = members.get(clientId);
        const c = s().conversations.get(conversationId);
        if (!row || !c || c.appId !== appId || c.kind === "chatroom") continue;
        if (c.expiresAt !== null && c.expiresAt.getTime() <= options.now.getTime()) continue;
        const base = Math.max(row.deliveredAt, row.joinedAt.getTime());
        for (const m of s().messages.get(conversationId)?.values() ?? []) {
          if (m.timestamp > base && m.from !== clientId && visible(m, clientId)) out.push(copy(m));
        }
      }
      return out.sort((a, b) => a.timestamp - b.timestamp || compareIds(a.id, b.id)).slice(0, options.limit);
    },
  };

  const conversationMessages = (conversationId: string) => [...(s().messages.get(conversationId)?.values() ?? [])];

  const afterLower = (m: Message, b: MessageBound) => {
    if (b.messageId === undefined) return b.inclusive ? m.timestamp >= b.timestamp : m.timestamp > b.timestamp;
    const c = cmpMessage(m, { timestamp: b.timestamp, id: b.messageId });
    return b.inclusive ? c >= 0 : c > 0;
  };
  const beforeUpper = (m: Message, b: MessageBound) => {
    if (b.messageId === undefined) return b.inclusive ? m.timestamp <= b.timestamp : m.timestamp < b.timestamp;
    const c = cmpMessage(m, { timestamp: b.timestamp, id: b.messageId });
    return b.inclusive ? c <= 0 : c < 0;
  };

  const messages: MessageRepository = {
    async insert(message) {
      const map = inner(s().messages, message.conversationId);
      if (map.has(message.id)) throw new Error(`duplicate message ${message.id}`);
      map.set(message.id, copy(message));
    },
    async get(conversationId, messageId) {
      const m = s().messages.get(conversationId)?.get(messageId);
      return m ? copy(m) : null;
    },
    async range(r) {
      const all = conversationMessages(r.conversationId)
        .filter((m) => (r.lower ? afterLower(m, r.lower) : true))
        .filter((m) => (r.upper ? beforeUpper(m, r.upper) : true))
        .filter((m) => r.lcType === undefined || m.lcType === r.lcType)
        .filter((m) => r.from === undefined || m.from === r.from)
        .filter((m) => visible(m, r.visibleTo))
        .sort(cmpMessage);
      const page = r.take === "newest" ? all.slice(Math.max(0, all.length - r.limit)) : all.slice(0, r.limit);
      return page.map(copy);
    },
    async patch(conversationId, messageId, patch) {
      const m = s().messages.get(conversationId)?.get(messageId);
      if (!m) return null;
      Object.assign(m, copy(patch));
      return copy(m);
    },
    async insertRevision(revision) {
      s().revisions.push(copy(revision));
    },
    async listRevisions(conversationId, messageId) {
      return s()
        .revisions.filter((r) => r.conversationId === conversationId && r.messageId === messageId)
        .map(copy);
    },
    async listReceiptRequests(conversationId, o) {
      const found = conversationMessages(conversationId)
        .filter((m) => m.receipt && m.from !== o.notFrom && m.timestamp >= o.fromTs && m.timestamp <= o.toTs && visible(m, o.notFrom))
        .sort(cmpMessage);
      return found.slice(Math.max(0, found.length - o.limit)).map(copy);
    },
    async listReceiptRequestsMany(ranges, limit) {
      return Promise.all(ranges.map((r) => messages.listReceiptRequests(r.conversationId, { ...r, limit })));
    },
    async listPatchedSince(appId, clientId, since, limit) {
      const found: Message[] = [];
      for (const [conversationId, map] of s().members) {
        const c = s().conversations.get(conversationId);
        if (!c || c.appId !== appId || !map.has(clientId)) continue;
        for (const m of conversationMessages(conversationId)) {
          if (m.patchTimestamp !== null && m.patchTimestamp > since && visible(m, clientId)) found.push(m);
        }
      }
      return found
        .sort((a, b) => a.patchTimestamp! - b.patchTimestamp! || compareIds(a.id, b.id))
        .slice(0, limit)
        .map(copy);
    },
  };

  const tokenKey = (appId: string, hash: string) => `${appId}\u0000${hash}`;
  const sessionTokens: SessionTokenRepository = {
    async insert(token) {
      s().sessionTokens.set(tokenKey(token.appId, token.tokenHash), copy(token));
    },
    async get(appId, tokenHash) {
      const t = s().sessionTokens.get(tokenKey(appId, tokenHash));
      return t ? copy(t) : null;
    },
    async revoke(appId, tokenHash, reason, at) {
      const t = s().sessionTokens.get(tokenKey(appId, tokenHash));
      if (t && t.revokedAt === null) {
        t.revokedAt = at;
        t.revokedReason = reason;
      }
    },
    async revokeTagged(appId, clientId, tag, exceptDeviceId, reason, at) {
      const revoked = [];
      for (const t of s().sessionTokens.values()) {
        if (t.appId !== appId || t.clientId !== clientId || t.tag !== tag) continue;
        if (t.revokedAt !== null || t.expiresAt.getTime() <= at.getTime()) continue;
        if (exceptDeviceId !== null && t.deviceId === exceptDeviceId) continue;
        revoked.push(copy(t));
        t.revokedAt = at;
        t.revokedReason = reason;
      }
      return revoked;
    },
    async deleteExpired(before, limit) {
      let n = 0;
      for (const [key, t] of s().sessionTokens) {
        if (n >= limit) break;
        if (t.expiresAt.getTime() < before.getTime()) {
          s().sessionTokens.delete(key);
          n++;
        }
      }
      return n;
    },
  };

  const notifications: NotificationRepository = {
    async append(items) {
      for (const n of items) s().notifications.push({ ...copy(n), seq: ++s().notificationSeq });
    },
    async listSince(appId, clientId, since, limit) {
      const all = s()
        .notifications.filter((n) => n.appId === appId && n.clientId === clientId && n.serverTs > since)
        .sort((a, b) => a.serverTs - b.serverTs || a.seq - b.seq);
      let end = Math.min(limit, all.length);
      while (end > 0 && end < all.length && all[end]!.serverTs === all[end - 1]!.serverTs) end++;
      return {
        items: all.slice(0, end).map(({ seq: _, ...n }) => copy(n)),
        hasMore: end < all.length,
      };
    },
    async deleteBefore(serverTs, limit) {
      let removed = 0;
      s().notifications = s().notifications.filter((n) => {
        if (removed < limit && n.serverTs < serverTs) {
          removed++;
          return false;
        }
        return true;
      });
      return removed;
    },
  };

  const audit: AuditRepository = {
    async append(entry) {
      s().audit.push(copy(entry));
    },
    async list(o) {
      return s()
        .audit.filter((e) => (o.appId === undefined || e.appId === o.appId) && (o.operatorId === undefined || e.operatorId === o.operatorId))
        .filter((e) => !o.before || e.at.getTime() < o.before.at.getTime() || (e.at.getTime() === o.before.at.getTime() && compareIds(e.id, o.before.id) < 0))
        .sort((a, b) => b.at.getTime() - a.at.getTime() || compareIds(b.id, a.id))
        .slice(0, o.limit)
        .map(copy);
    },
  };

  /** Transactions are serialised by the in-memory unit of work, so locks have nothing left to do. */
  const locks: LockRepository = { async acquire() {} };

  return { apps, conversations, members, moderation, messages, receipts, sessionTokens, notifications, audit, locks };
}
