// conv add_shutup/remove_shutup/query_shutup: silencing members (protocol part 2 §9).
import { listSilenced, silenceMembers, unsilenceMembers } from "@parley/core";
import { OpType } from "../protocol/constants.js";
import { failedPids } from "../protocol/records.js";
import { convReply } from "./conv.js";
import { ids, required } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

export const handleAddShutup: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const r = await silenceMembers(services.core, actorOf(session), { conversationId: required(c.cid, "cid"), clientIds: ids(c.m, "m") });
    return convReply(OpType.shutup_added, { cid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

export const handleRemoveShutup: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const r = await unsilenceMembers(services.core, actorOf(session), { conversationId: required(c.cid, "cid"), clientIds: ids(c.m, "m") });
    return convReply(OpType.shutup_removed, { cid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

/** `m` = one page of silenced ids, `next` only while more pages exist. */
export const handleQueryShutup: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const page = await listSilenced(services.core, actorOf(session), { conversationId: required(c.cid, "cid"), limit: c.limit || undefined, next: c.next || undefined });
    return convReply(OpType.shutup_result, { m: page.clientIds, ...(page.next !== null && { next: page.next }) });
  },
};
