// Transport over a `ws` WebSocket.
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { Transport } from "../connection/transport.js";
import { errorCodes } from "../protocol/errors.js";
import type { NegotiatedSubprotocol } from "./subprotocol.js";

/** ws closes oversize messages with 1009; the SDK's code for that is 4109 FRAME_TOO_LONG. */
function mapFrameTooLong(ws: WebSocket): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) =>
    code === 1009 ? close(errorCodes.FRAME_TOO_LONG.code, "FRAME_TOO_LONG") : close(code, reason);
}

export function createWsTransport(ws: WebSocket, req: IncomingMessage, negotiated: NegotiatedSubprotocol): Transport {
  mapFrameTooLong(ws);
  const origin = req.headers.origin;
  return {
    protocol: negotiated.protocol,
    format: negotiated.format,
    protocolVersion: negotiated.version,
    origin: typeof origin === "string" && origin !== "" ? origin : undefined,
    remoteAddress: req.socket.remoteAddress,
    bufferedAmount: () => ws.bufferedAmount,
    send(frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame, { binary: typeof frame !== "string" });
    },
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}
