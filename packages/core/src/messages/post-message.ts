import { z } from "zod";
import type { Actor } from "../events.js";
import { assertMayWrite } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { MessageFields, send } from "./send.js";
import type { Message } from "./types.js";

export const PostMessageInput = z.object({
  ...MessageFields,
  /** Delivered to online recipients only; not stored, no unread, no receipts. */
  transient: z.boolean().default(false),
  /** A will message (掉线消息): held by the session until it ends uncleanly. See `deliverWillMessage`. */
  will: z.boolean().default(false),
});
export type PostMessageInput = z.input<typeof PostMessageInput>;

export interface PostMessageResult {
  /** `ack.uid`. */
  id: string;
  /** `ack.t` (ms). */
  timestamp: number;
  message: Message;
  /** False for transient and held will messages. */
  stored: boolean;
  /**
   * Will messages only: the message the adapter must keep with the sending session and
   * pass to `deliverWillMessage` when that session ends without `session/close`
   * (and drop on a clean close). Nothing was stored or pushed yet.
   */
  heldWillMessage: Message | null;
}

/**
 * `direct` (protocol part 1, §5 and §9). Emits `MessagePosted` to every member (the
 * sender's other sessions included; `originSessionId` is skipped by the fan-out);
 * chat rooms: the joined clients; service conversations: all subscribers for
 * server/operator broadcasts, only the sender for a subscriber's message.
 */
export async function postMessage(deps: CoreDeps, actor: Actor, input: PostMessageInput): Promise<PostMessageResult> {
  const p = parseInput(PostMessageInput, input);
  assertMayWrite(actor);
  const will = p.will && !p.transient;
  const { message, stored } = await send(deps, actor, p, { transient: p.transient, will: will ? "hold" : "no" });
  return { id: message.id, timestamp: message.timestamp, message, stored, heldWillMessage: will ? message : null };
}
