// GenericCommand codec: size-limited decode, encode, and the proto2base64 (text frame) variant.
// Pure functions over bytes; no sockets here.
import protobuf from "protobufjs";
import { GenericCommandType } from "./schema.js";
import type { GenericCommand, OutboundCommand } from "./types.js";

export type CodecErrorKind = "FRAME_TOO_LONG" | "MALFORMED";

export class CodecError extends Error {
  override readonly name = "CodecError";
  constructor(
    readonly kind: CodecErrorKind,
    message: string,
    /** Serial id recovered from the damaged frame, if any (so the error can be a reply). */
    readonly serialId?: number,
  ) {
    super(message);
  }
}

export interface DecodeOptions {
  /** Maximum size of the protobuf payload in bytes (after base64 decoding). */
  maxBytes: number;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false };

/** Decodes one binary frame. Throws CodecError on oversize or malformed input (never anything else). */
export function decodeCommand(bytes: Uint8Array, { maxBytes }: DecodeOptions): GenericCommand {
  if (bytes.length > maxBytes) {
    throw new CodecError("FRAME_TOO_LONG", `frame of ${bytes.length} bytes exceeds ${maxBytes}`);
  }
  try {
    // A plain Uint8Array selects protobufjs' strict Reader: its Node BufferReader clamps a string
    // whose length runs past the end of the frame instead of rejecting the frame.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const message = GenericCommandType.decode(view);
    return GenericCommandType.toObject(message, TO_OBJECT) as GenericCommand;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CodecError("MALFORMED", `undecodable GenericCommand: ${reason}`, peekSerialId(bytes));
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes one lc.proto2base64 text frame (standard base64 of the protobuf bytes). */
export function decodeBase64Command(text: string, options: DecodeOptions): GenericCommand {
  // 4 base64 chars carry 3 bytes: reject obviously oversize text before allocating.
  if (Math.floor((text.length * 3) / 4) > options.maxBytes + 2) {
    throw new CodecError("FRAME_TOO_LONG", `base64 frame of ${text.length} chars exceeds ${options.maxBytes} bytes`);
  }
  const trimmed = text.trim();
  if (trimmed.length % 4 !== 0 || !BASE64.test(trimmed)) {
    throw new CodecError("MALFORMED", "text frame is not valid base64");
  }
  return decodeCommand(Buffer.from(trimmed, "base64"), options);
}

/** Encodes a command. Required proto2 fields are always written; `cmd` is written even when 0. */
export function encodeCommand(cmd: OutboundCommand): Buffer {
  const message = GenericCommandType.fromObject(cmd);
  const bytes = GenericCommandType.encode(message).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeBase64Command(cmd: OutboundCommand): string {
  return encodeCommand(cmd).toString("base64");
}

/**
 * Best-effort recovery of `i` (field 5, varint) from a frame that failed to decode, e.g.
 * because a nested required field is missing. Returns undefined when the top level is damaged.
 */
export function peekSerialId(bytes: Uint8Array): number | undefined {
  try {
    const reader = protobuf.Reader.create(bytes);
    let found: number | undefined;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 5 && wireType === 0) found = reader.int32();
      else reader.skipType(wireType);
    }
    return found !== undefined && found > 0 ? found : undefined;
  } catch {
    return undefined;
  }
}
