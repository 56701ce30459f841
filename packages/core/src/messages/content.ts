import { z } from "zod";
import type { LastMessage, MessageContent } from "../conversations/types.js";
import { DomainError } from "../errors.js";
import { parseJsonObject } from "../shared/json.js";
import { utf8ByteLength } from "../shared/utf8.js";
import type { Message } from "./types.js";

/** Message content as adapters pass it: `msg` text or `binaryMsg` bytes. */
export const MessageContentInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("binary"), data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "expected bytes") }),
]);

/** The recalled content the SDK turns into a RecalledMessage. */
export const RECALLED_CONTENT: MessageContent = { kind: "text", text: '{"_lctype":-127}' };

export const contentBytes = (content: MessageContent): number =>
  content.kind === "text" ? utf8ByteLength(content.text) : content.data.byteLength;

/** MESSAGE_TOO_LARGE when the content is over the app's limit. */
export function assertContentSize(content: MessageContent, limit: number): void {
  const bytes = contentBytes(content);
  if (bytes > limit) throw new DomainError("MESSAGE_TOO_LARGE", `message is ${bytes} bytes, the limit is ${limit}`, { bytes, limit });
}

/** `_lctype` of a JSON-object text content (integers only), else null. */
export function lcTypeOf(content: MessageContent): number | null {
  if (content.kind !== "text") return null;
  const obj = parseJsonObject(content.text);
  const t = obj?._lctype;
  return typeof t === "number" && Number.isInteger(t) ? t : null;
}

export const lastMessageOf = (m: Message): LastMessage => ({
  id: m.id,
  timestamp: m.timestamp,
  from: m.from,
  content: m.content,
  patchTimestamp: m.patchTimestamp,
  mentionAll: m.mentionAll,
  mentionPids: m.mentionPids,
});
