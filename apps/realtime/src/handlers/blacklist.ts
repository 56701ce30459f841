// blacklist block/unblock/query (protocol part 2 §8). Pushes about blocks go out as cmd = conv (fan-out).
import { blockMembers, listBlocked, unblockMembers } from "@parley/core";
import { CommandType, OpType } from "../protocol/constants.js";
import { failedPids } from "../protocol/records.js";
import type { BlacklistCommand, OutboundCommand } from "../protocol/types.js";
import { ids, required, signatureOf } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

const blacklistReply = (op: number, blacklistMessage: BlacklistCommand): OutboundCommand => ({ cmd: CommandType.blacklist, op, blacklistMessage });

export const handleBlock: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const b = command.blacklistMessage ?? {};
    const r = await blockMembers(services.core, actorOf(session), { conversationId: required(b.srcCid, "srcCid"), clientIds: ids(b.toPids, "toPids"), signature: signatureOf(b) });
    return blacklistReply(OpType.blocked, { srcCid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

export const handleUnblock: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const b = command.blacklistMessage ?? {};
    const r = await unblockMembers(services.core, actorOf(session), { conversationId: required(b.srcCid, "srcCid"), clientIds: ids(b.toPids, "toPids"), signature: signatureOf(b) });
    return blacklistReply(OpType.unblocked, { srcCid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

export const handleBlacklistQuery: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const b = command.blacklistMessage ?? {};
    const page = await listBlocked(services.core, actorOf(session), { conversationId: required(b.srcCid, "srcCid"), limit: b.limit || undefined, next: b.next || undefined });
    return blacklistReply(OpType.query_result, { srcCid: b.srcCid, blockedPids: page.clientIds, ...(page.next !== null && { next: page.next }) });
  },
};
