// Encode-once fan-out frames.
//
// A push goes to many sessions, and each copy must carry `peerId` = the receiving client id.
// Protobuf parsers accept fields in any order (the SDK's protobufjs 5 included), so the
// command is encoded ONCE without `peerId`, and each recipient's frame is that buffer plus
// the few bytes of field 4. No per-recipient protobuf encoding happens.
import { encodeCommand } from "./codec.js";
import type { OutboundCommand } from "./types.js";

export type WireFormat = "binary" | "base64";

const PEER_ID_TAG = (4 << 3) | 2; // field 4 (peerId), wire type 2 (length-delimited)

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

export class PreparedCommand {
  private readonly base: Buffer;
  private readonly baseBase64: string;
  private last: { format: WireFormat; peerId: string | undefined; frame: Buffer | string } | undefined;

  constructor(cmd: OutboundCommand) {
    const { peerId: _omitted, ...rest } = cmd;
    this.base = encodeCommand(rest);
    this.baseBase64 = this.base.toString("base64");
  }

  /** Byte length of the shared part of the frame. */
  get byteLength(): number {
    return this.base.byteLength;
  }

  /** The frame for one recipient. Consecutive calls for the same peer reuse the same buffer. */
  frame(format: WireFormat, peerId?: string): Buffer | string {
    const last = this.last;
    if (last && last.format === format && last.peerId === peerId) return last.frame;
    const bytes = peerId === undefined ? this.base : this.withPeerId(peerId);
    let frame: Buffer | string;
    if (format === "binary") frame = bytes;
    else frame = peerId === undefined ? this.baseBase64 : bytes.toString("base64");
    this.last = { format, peerId, frame };
    return frame;
  }

  private withPeerId(peerId: string): Buffer {
    const id = Buffer.from(peerId, "utf8");
    const header = Buffer.from([PEER_ID_TAG, ...varint(id.length)]);
    return Buffer.concat([this.base, header, id], this.base.length + header.length + id.length);
  }
}
