// patch modify: recall or edit a message (protocol part 1 §7). The fan-out pushes the patch to the members.
import { patchMessage } from "@parley/core";
import { CommandType, OpType } from "../protocol/constants.js";
import { contentFromWire } from "../protocol/records.js";
import { WireError } from "../protocol/errors.js";
import { required } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

export const handlePatchModify: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const item = command.patchMessage?.patches?.[0];
    if (!item) throw new WireError("INVALID_COMMAND", { detail: "patches must hold one item" });
    const target = { conversationId: required(item.cid, "cid"), messageId: required(item.mid, "mid"), timestamp: item.timestamp, sessionId: session.id };
    const r = await patchMessage(
      services.core,
      actorOf(session),
      item.recall
        ? { ...target, recall: true }
        : { ...target, recall: false, content: contentFromWire(item.data, item.binaryMsg), mentionPids: item.mentionPids ?? [], mentionAll: item.mentionAll ?? false },
    );
    return { cmd: CommandType.patch, op: OpType.modified, patchMessage: { lastPatchTime: r.patchTimestamp } };
  },
};
