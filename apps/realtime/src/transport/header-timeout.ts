// Slowloris guard at the HTTP edge: a connection must finish the headers of its first request
// (a WebSocket upgrade, the router, the REST API) within a deadline, counted from the moment the
// connection (TLS: the handshake) is complete. Node's own headersTimeout is only checked every
// connectionsCheckingInterval and restarts with each request, so the first request is timed here.
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Socket } from "node:net";

const REQUEST_TIMEOUT_RESPONSE = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

/**
 * Destroys a socket whose first request's headers are not complete `timeoutMs` after it was
 * accepted. `secure`: the server is HTTPS (the timer starts after the TLS handshake, which the
 * server's own handshakeTimeout bounds).
 */
export function guardHeaderTimeout(server: HttpServer | HttpsServer, timeoutMs: number, secure: boolean): void {
  if (timeoutMs <= 0) return;
  const timers = new WeakMap<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket) => {
    const timer = setTimeout(() => {
      timers.delete(socket);
      if (socket.writable) socket.write(REQUEST_TIMEOUT_RESPONSE);
      socket.destroy();
    }, timeoutMs);
    timer.unref();
    timers.set(socket, timer);
    socket.once("close", () => clearTimeout(timer));
  };
  const disarm = (req: IncomingMessage) => {
    const timer = timers.get(req.socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(req.socket);
  };
  server.on(secure ? "secureConnection" : "connection", arm);
  server.on("request", disarm);
  server.on("upgrade", disarm);
}
