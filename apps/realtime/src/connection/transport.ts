import type { WireFormat } from "../protocol/prepared-command.js";

/** What a Connection needs from the socket underneath (ws in production, a recorder in tests). */
export interface Transport {
  /** Negotiated subprotocol, e.g. "lc.protobuf2.3". */
  readonly protocol: string;
  /** Frame format of outbound commands: binary protobuf or base64 text. */
  readonly format: WireFormat;
  /** 3 = unread-notification mode (default), 1 = push offline messages (v4 `pushOfflineMessages`). */
  readonly protocolVersion: 1 | 3;
  readonly origin: string | undefined;
  readonly remoteAddress: string | undefined;
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number;
  send(frame: Buffer | string): void;
  close(code: number, reason: string): void;
}
