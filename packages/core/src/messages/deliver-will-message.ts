import { z } from "zod";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { MessageFields, send } from "./send.js";
import type { Message } from "./types.js";

export const DeliverWillMessageInput = z.object({
  ...MessageFields,
  /** The id acknowledged to the sender when the will message was posted (kept). */
  messageId: z.string().min(1).max(64),
});
export type DeliverWillMessageInput = z.input<typeof DeliverWillMessageInput>;

export interface DeliverWillMessageResult {
  message: Message;
}

/**
 * Sends a held will message now, because its session ended without `session/close`
 * (socket dropped, read timeout, kicked). Membership, blocks and silences are checked
 * again at this point (a failure means the will is dropped). The message keeps its id
 * but gets the delivery time as timestamp, so it sorts where it happened; it is stored
 * and emitted as `MessagePosted` with `will: true`.
 */
export async function deliverWillMessage(deps: CoreDeps, actor: Actor, input: DeliverWillMessageInput): Promise<DeliverWillMessageResult> {
  const p = parseInput(DeliverWillMessageInput, input);
  const { message } = await send(deps, actor, p, { transient: false, will: "deliver", messageId: p.messageId });
  return { message };
}
