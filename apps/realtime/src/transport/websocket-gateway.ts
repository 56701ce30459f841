// HTTP upgrade → WebSocket (ws, noServer mode) → Transport → Connection. Bytes in, bytes out.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Connection } from "../connection/connection.js";
import type { Transport } from "../connection/transport.js";
import type { Logger } from "../logger.js";
import { negotiateSubprotocol, type NegotiatedSubprotocol } from "./subprotocol.js";
import { createWsTransport } from "./ws-transport.js";

export interface WebSocketGatewayOptions {
  /** Largest WebSocket message accepted (base64 text frames count their text length). Larger → close 4109. */
  maxFrameBytes: number;
  /** False while draining: new upgrades get 503. */
  isAccepting(): boolean;
  /** Builds the Connection for a new socket. */
  createConnection(transport: Transport): Connection;
  logger: Logger;
}

export interface WebSocketGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Destroys every socket that is still open (after the closing handshake had its chance). */
  terminateAll(): void;
  close(): void;
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ code: status, error: text });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export function createWebSocketGateway(options: WebSocketGatewayOptions): WebSocketGateway {
  const negotiatedByRequest = new WeakMap<IncomingMessage, NegotiatedSubprotocol>();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: options.maxFrameBytes,
    // Only called when the client sent Sec-WebSocket-Protocol; echo the one we chose.
    handleProtocols: (_offered, req) => negotiatedByRequest.get(req)?.protocol ?? false,
  });

  function attach(ws: WebSocket, req: IncomingMessage, negotiated: NegotiatedSubprotocol): void {
    sockets.add(ws);
    const connection = options.createConnection(createWsTransport(ws, req, negotiated));
    ws.on("message", (data, isBinary) => connection.receive(toBuffer(data), isBinary));
    ws.on("pong", () => connection.touch());
    ws.on("error", (err) => options.logger.debug("websocket error", { connection: connection.id, err: err.message }));
    ws.on("close", (code, reason) => {
      sockets.delete(ws);
      connection.transportClosed(code, reason.toString());
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      if (!options.isAccepting()) return rejectUpgrade(socket, 503, "Service Unavailable");
      const header = req.headers["sec-websocket-protocol"];
      const negotiated = negotiateSubprotocol(Array.isArray(header) ? header.join(",") : header, req.url);
      if (!negotiated) return rejectUpgrade(socket, 400, "Unsupported WebSocket subprotocol");
      negotiatedByRequest.set(req, negotiated);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, req, negotiated));
    },
    terminateAll() {
      for (const ws of sockets) ws.terminate();
    },
    close() {
      wss.close();
    },
  };
}
