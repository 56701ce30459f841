// direct: send a message (protocol part 1 §5.1, §9). The ack goes out only after core returns,
// i.e. after the message is committed; failures are `ack {code, reason}` replies. A re-send of a
// stored message (same sender, conversation and `dt`) is answered with the original ack.
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
    const conversationId = required(d.cid, "cid");
    const transient = d.transient ?? false;
    const will = d.will ?? false;
    const send = async () => {
      const r = await postMessage(services.core, actorOf(session), {
        conversationId,
        content: contentFromWire(d.msg, d.binaryMsg),
        receipt: d.r ?? false,
        transient,
        will,
        mentionPids: d.mentionPids ?? [],
        mentionAll: d.mentionAll ?? false,
        pushData: d.pushData,
        priority: command.priority,
        sessionId: session.id,
      });
      if (r.heldWillMessage) services.wills.hold(session, r.heldWillMessage);
      return { uid: r.id, t: r.timestamp, stored: r.stored };
    };
    if (d.dt && !transient && !will) {
      const key = `${session.appId}\u0000${session.clientId}\u0000${conversationId}\u0000${d.dt}`;
      const ack = await services.resends.run(key, async () => {
        const r = await send();
        return r.stored ? { uid: r.uid, t: r.t } : null;
      });
      if (ack) return { cmd: CommandType.ack, ackMessage: ack };
    }
    const r = await send();
    return { cmd: CommandType.ack, ackMessage: { uid: r.uid, t: r.t } };
  },
};
