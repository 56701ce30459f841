// conv add/remove (also join/quit, subscribe/unsubscribe) and member_info_update (protocol part 2 §5, §7).
import { addMembers, removeMembers, updateMemberRole } from "@parley/core";
import { OpType } from "../protocol/constants.js";
import { failedPids } from "../protocol/records.js";
import { convReply } from "./conv.js";
import { ids, required, signatureOf } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

/** PartiallySuccess: `allowedPids` + `failedPids` (each with code and reason). */
export const handleConvAdd: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const r = await addMembers(services.core, actorOf(session), { conversationId: required(c.cid, "cid"), clientIds: ids(c.m, "m"), signature: signatureOf(c) });
    return convReply(OpType.added, { cid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

export const handleConvRemove: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const r = await removeMembers(services.core, actorOf(session), { conversationId: required(c.cid, "cid"), clientIds: ids(c.m, "m"), signature: signatureOf(c) });
    return convReply(OpType.removed, { cid: r.conversationId, allowedPids: r.allowed, failedPids: failedPids(r.failures) });
  },
};

export const handleConvMemberInfoUpdate: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const c = command.convMessage ?? {};
    const cid = required(c.cid, "cid");
    const role = required(c.info?.role, "info.role") as "Owner" | "Manager" | "Member";
    await updateMemberRole(services.core, actorOf(session), { conversationId: cid, clientId: required(c.targetClientId ?? c.info?.pid, "targetClientId"), role });
    return convReply(OpType.member_info_updated, { cid });
  },
};
