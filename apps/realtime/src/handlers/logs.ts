// logs: message history (protocol part 1 §8). Results ascending whatever the direction; `l` honoured exactly.
import { queryHistory } from "@parley/core";
import { CommandType, LogsQueryDirection } from "../protocol/constants.js";
import { logItem } from "../protocol/records.js";
import { required } from "./input.js";
import { actorOf, type CommandHandler } from "./types.js";

const bound = (timestamp: number | undefined, messageId: string | undefined, inclusive: boolean | undefined) =>
  timestamp === undefined ? undefined : { timestamp, messageId: messageId || undefined, inclusive: inclusive ?? false };

export const handleLogs: CommandHandler = {
  requiresSession: true,
  async handle({ command, session, services }) {
    const l = command.logsMessage ?? {};
    const { items } = await queryHistory(services.core, actorOf(session), {
      conversationId: required(l.cid, "cid"),
      start: bound(l.t, l.mid, l.tIncluded),
      end: bound(l.tt, l.tmid, l.ttIncluded),
      direction: l.direction === LogsQueryDirection.NEW ? "new" : "old",
      limit: l.l,
      lcType: l.lctype,
    });
    return { cmd: CommandType.logs, logsMessage: { logs: items.map(logItem) } };
  },
};
