/**
 * The real realtime service for the console's procedure tests, run as its own process
 * (as the launcher runs it: `apps/realtime/src/main.ts` on the test's database), so the
 * console talks to it over HTTP exactly as in production. Plus a minimal LeanCloud
 * client (WebSocket + protobuf session/open) to put a client id online.
 *
 * The console never imports the realtime app; this only starts it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { findFreePort } from "@parley/db";

const REALTIME_DIR = fileURLToPath(new URL("../../../../realtime/", import.meta.url));

export interface RealtimeProcess {
  url: string;
  port: number;
  /** What the process printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A self-signed certificate for "localhost" (as an operator's would name the public host, not 127.0.0.1). */
function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "parley-web-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"], {
    stdio: "ignore",
  });
  return { cert, key };
}

/** GET that accepts the self-signed certificate of our own child process. */
function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = (target.protocol === "https:" ? httpsRequest : request)(target, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

export async function startRealtimeProcess(
  databaseUrl: string,
  options: { port?: number; timeoutMs?: number; tls?: boolean } = {},
): Promise<RealtimeProcess> {
  const port = options.port ?? (await findFreePort());
  const timeoutMs = options.timeoutMs ?? 90_000;
  const tls = options.tls ? selfSignedCertificate() : undefined;
  // One node on this database only: no shared presence registry from the caller's environment.
  const { REDIS_URL: _redis, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: REALTIME_DIR,
    env: {
      ...inherited,
      DATABASE_URL: databaseUrl,
      REALTIME_PORT: String(port),
      REALTIME_HOST: "127.0.0.1",
      NODE_ENV: "test",
      ...(tls && { REALTIME_TLS_CERT: tls.cert, REALTIME_TLS_KEY: tls.key }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`realtime service exited (${child.exitCode}):\n${output}`);
    try {
      if ((await probe(`${url}/healthz`)) === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`realtime service did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, output: () => output, stop };
}

// --- A minimal SDK stand-in: one WebSocket, one session/open ---------------------------

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
};
const field = (no: number, wire: 0 | 2, value: number | Uint8Array): number[] =>
  wire === 0 ? [...varint((no << 3) | 0), ...varint(value as number)] : [...varint((no << 3) | 2), ...varint((value as Uint8Array).length), ...(value as Uint8Array)];
const text = (s: string) => new TextEncoder().encode(s);

/** GenericCommand { cmd: session, op: open, appId, peerId, i, sessionMessage: { ua } } (protocol part 1). */
function sessionOpen(appId: string, clientId: string): Uint8Array {
  const sessionMessage = new Uint8Array(field(4, 2, text("parley-console-test")));
  return new Uint8Array([...field(1, 0, 0), ...field(2, 0, 1), ...field(3, 2, text(appId)), ...field(4, 2, text(clientId)), ...field(5, 0, 1), ...field(102, 2, sessionMessage)]);
}

/** A masked client frame (RFC 6455 §5.2). */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? [0x80 | opcode, 0x80 | len] : [0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff];
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(header), mask, body]);
}

export interface TestClient {
  /** Server frames received so far (payloads). */
  frames: Buffer[];
  /** Resolves when the server closes the connection or the socket ends. */
  closed: Promise<void>;
  close(): void;
}

/** Connects as `clientId` of `appId` and sends session/open (no signature: the app's default). */
export function connectClient(baseUrl: string, appId: string, clientId: string): Promise<TestClient> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: "/",
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        "Sec-WebSocket-Protocol": "lc.protobuf2.3",
      },
    });
    req.on("error", reject);
    req.on("response", (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on("upgrade", (_res, socket: Socket) => {
      const frames: Buffer[] = [];
      let buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length < 2) return;
          let len = buffer[1]! & 0x7f;
          let offset = 2;
          if (len === 126) {
            if (buffer.length < 4) return;
            len = buffer.readUInt16BE(2);
            offset = 4;
          } else if (len === 127) {
            if (buffer.length < 10) return;
            len = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
          if (buffer.length < offset + len) return;
          const opcode = buffer[0]! & 0x0f;
          const payload = buffer.subarray(offset, offset + len);
          buffer = buffer.subarray(offset + len);
          if (opcode === 0x8) socket.end();
          else if (opcode === 0x9) socket.write(frame(0xa, payload));
          else frames.push(Buffer.from(payload));
        }
      });
      const closed = new Promise<void>((r) => socket.once("close", () => r()));
      socket.write(frame(0x2, sessionOpen(appId, clientId)));
      resolve({ frames, closed, close: () => socket.destroy() });
    });
    req.end();
  });
}
