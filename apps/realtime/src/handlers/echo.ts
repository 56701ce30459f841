// echo: the SDK's heartbeat (every 180 s). Answered before and after login.
import { CommandType } from "../protocol/constants.js";
import type { CommandHandler } from "./types.js";

export const handleEcho: CommandHandler = {
  requiresSession: false,
  async handle() {
    return { cmd: CommandType.echo };
  },
};
