// Transport over a `ws` WebSocket.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
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

/**
 * Write coalescing: the first frame written to a socket in an event-loop turn corks it, and one
 * `setImmediate` uncorks every socket corked in that turn. Frames written to one client in the
 * same turn (a group commit's worth of messages, a reply and the pushes after it) then leave in
 * one `writev` instead of one system call each — on loopback those calls were over a third of the
 * server's CPU under fan-out. Order is unchanged; the delay is the rest of the current turn.
 */
const corked = new Set<Socket>();
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  const sockets = [...corked];
  corked.clear();
  for (const socket of sockets) socket.uncork();
}

function corkForThisTurn(socket: Socket | undefined): void {
  if (!socket || corked.has(socket) || socket.destroyed) return;
  socket.cork();
  corked.add(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    setImmediate(uncorkAll);
  }
}

export function createWsTransport(ws: WebSocket, req: IncomingMessage, negotiated: NegotiatedSubprotocol): Transport {
  mapFrameTooLong(ws);
  const origin = req.headers.origin;
  // ws keeps the underlying socket here; it is the stream its frames are written to.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  return {
    protocol: negotiated.protocol,
    format: negotiated.format,
    protocolVersion: negotiated.version,
    origin: typeof origin === "string" && origin !== "" ? origin : undefined,
    remoteAddress: req.socket.remoteAddress,
    bufferedAmount: () => ws.bufferedAmount,
    send(frame) {
      if (ws.readyState !== ws.OPEN) return;
      corkForThisTurn(socket);
      ws.send(frame, { binary: typeof frame !== "string" });
    },
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}
