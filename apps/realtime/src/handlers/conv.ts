// conv start/query/update/count/mute/unmute/max_read (protocol part 2 §2–§6, part 1 §6.3).
// Membership ops are in conv-members.ts, shutup ops in shutup.ts.
import {
  countMembers,
  createConversation,
  getReceiptTimestamps,
  muteConversation,
  queryConversations,
  unmuteConversation,
  updateConversation,
  type Attributes,
} from "@parley/core";
import { CommandType, OpType } from "../protocol/constants.js";
import { conversationRecord } from "../protocol/records.js";
import type { ConvCommand, OutboundCommand } from "../protocol/types.js";
import { jsonObject, required, signatureOf } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

export const convReply = (op: number, convMessage: ConvCommand): OutboundCommand => ({ cmd: CommandType.conv, op, convMessage });

/** Compact (`flag & 1`): no `m` in the records. */
const COMPACT = 1;

export const handleConvStart: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const { conversation, ttlSeconds } = await createConversation(services.core, actorOf(session), {
      kind: c.tempConv ? "temporary" : c.transient ? "chatroom" : "normal",
      members: c.m ?? [],
      attributes: jsonObject(c.attr, "attr") as Attributes,
      unique: c.unique ?? false,
      ttlSeconds: c.tempConvTTL || undefined,
      signature: signatureOf(c),
    });
    return convReply(OpType.started, {
      cid: conversation.id,
      cdate: conversation.createdAt.toISOString(),
      ...(conversation.uniqueId !== null && { uniqueId: conversation.uniqueId }),
      ...(ttlSeconds !== null && { tempConvTTL: ttlSeconds }),
    });
  },
};

export const handleConvQuery: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const { records } = await queryConversations(services.core, actorOf(session), {
      where: c.where?.data,
      sort: c.sort || undefined,
      limit: c.limit,
      skip: c.skip,
      tempConvIds: c.tempConvIds?.length ? c.tempConvIds : undefined,
      includeMembers: ((c.flag ?? 0) & COMPACT) === 0,
    });
    return convReply(OpType.results, { results: { data: JSON.stringify(records.map(conversationRecord)) } });
  },
};

export const handleConvUpdate: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const cid = required(c.cid, "cid");
    const r = await updateConversation(services.core, actorOf(session), { conversationId: cid, attributes: jsonObject(c.attr, "attr") as Attributes });
    return convReply(OpType.updated, { cid, udate: r.udate, attrModified: { data: JSON.stringify(r.attrModified) } });
  },
};

export const handleConvCount: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const { count } = await countMembers(services.core, actorOf(session), { conversationId: required(command.convMessage?.cid, "cid") });
    return convReply(OpType.result, { count });
  },
};

export const handleConvMute: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const cid = required(command.convMessage?.cid, "cid");
    const { udate } = await muteConversation(services.core, actorOf(session), { conversationId: cid });
    return convReply(OpType.updated, { cid, udate });
  },
};

export const handleConvUnmute: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const cid = required(command.convMessage?.cid, "cid");
    const { udate } = await unmuteConversation(services.core, actorOf(session), { conversationId: cid });
    return convReply(OpType.updated, { cid, udate });
  },
};

/** Receipt timestamps; zero watermarks are left out (the SDK would turn 0 into a 1970 date). */
export const handleConvMaxRead: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const cid = required(c.cid, "cid");
    const r = await getReceiptTimestamps(services.core, actorOf(session), { conversationId: cid, allMembers: c.queryAllMembers ?? false });
    const tuples = r.members?.map((m) => ({ pid: m.clientId, maxAckTimestamp: m.deliveredAt || undefined, maxReadTimestamp: m.readAt || undefined }));
    return convReply(OpType.max_read, {
      cid,
      ...(r.maxAckTimestamp > 0 && { maxAckTimestamp: r.maxAckTimestamp }),
      ...(r.maxReadTimestamp > 0 && { maxReadTimestamp: r.maxReadTimestamp }),
      ...(tuples && { maxReadTuples: tuples }),
    });
  },
};
