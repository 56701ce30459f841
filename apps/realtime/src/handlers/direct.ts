// direct: send a message (protocol part 1 §5.1, §9). The ack goes out only after core returns,
// i.e. after the message is committed; failures are `ack {code, reason}` replies.
import { postMessage } from "@parley/core";
import { CommandType } from "../protocol/constants.js";
import { contentFromWire } from "../protocol/records.js";
import { required } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

export const handleDirect: CommandHandler = {
  requiresSession: true,
  errorsAsAck: true,
  async handle({ command, session, services }) {
    const d = command.directMessage ?? {};
    const r = await postMessage(services.core, actorOf(session), {
      conversationId: required(d.cid, "cid"),
      content: contentFromWire(d.msg, d.binaryMsg),
      receipt: d.r ?? false,
      transient: d.transient ?? false,
      will: d.will ?? false,
      mentionPids: d.mentionPids ?? [],
      mentionAll: d.mentionAll ?? false,
      pushData: d.pushData,
      priority: command.priority,
      sessionId: session.id,
    });
    if (r.heldWillMessage) services.wills.hold(session, r.heldWillMessage);
    return { cmd: CommandType.ack, ackMessage: { uid: r.id, t: r.timestamp } };
  },
};
