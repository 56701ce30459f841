// A minimal LeanCloud wire-protocol client over `ws` and the project's own codec.
// Used by the load generator (bench/) and by the fault suites (test/fault/): far lighter than the SDK.
import { WebSocket } from "ws";
import { decodeCommand, encodeCommand } from "../../src/protocol/codec.js";
import { CommandType, OpType } from "../../src/protocol/constants.js";
import type { GenericCommand, OutboundCommand } from "../../src/protocol/types.js";

const DECODE_LIMIT = { maxBytes: 16 * 1024 * 1024 };

export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
}

export class ReplyError extends Error {
  override readonly name = "ReplyError";
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly reply: GenericCommand,
  ) {
    super(`${code} ${reason}`);
  }
}

export interface WireClientOptions {
  subprotocol?: string;
  /** Called for every frame before decoding; return true when the frame was fully handled. */
  onRaw?: (frame: Buffer) => boolean;
  /** Pushes (frames without a pending `i`). */
  onPush?: (command: GenericCommand) => void;
  /** Request timeout (the SDK's is 20 s). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (c: GenericCommand) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class WireClient {
  private nextI = 1;
  private readonly pending = new Map<number, Pending>();
  readonly closed: Promise<{ code: number; reason: string }>;
  closeInfo: { code: number; reason: string } | undefined;
  /** Frames received that failed to decode (should stay 0). */
  undecodable = 0;

  private constructor(
    readonly ws: WebSocket,
    private readonly options: WireClientOptions,
  ) {
    ws.on("message", (data: Buffer, isBinary: boolean) => this.onMessage(isBinary ? data : Buffer.from(data.toString(), "base64")));
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`socket closed (${code})`));
        }
        this.pending.clear();
        resolve(this.closeInfo);
      });
    });
    ws.on("error", () => undefined);
  }

  static connect(url: string, options: WireClientOptions = {}): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options.subprotocol ?? "lc.protobuf2.3", { perMessageDeflate: false });
      const client = new WireClient(ws, options);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  private onMessage(frame: Buffer): void {
    if (this.options.onRaw?.(frame)) return;
    let command: GenericCommand;
    try {
      command = decodeCommand(frame, DECODE_LIMIT);
    } catch {
      this.undecodable += 1;
      return;
    }
    const waiter = command.i ? this.pending.get(command.i) : undefined;
    if (waiter && command.i) {
      this.pending.delete(command.i);
      clearTimeout(waiter.timer);
      waiter.resolve(command);
      return;
    }
    this.options.onPush?.(command);
  }

  /** Sends without waiting (fire-and-forget commands, or raw bytes for fuzzing). */
  send(command: OutboundCommand | Buffer | string): void {
    if (!this.isOpen) return;
    if (typeof command === "string" || Buffer.isBuffer(command)) this.ws.send(command);
    else this.ws.send(encodeCommand(command));
  }

  /** Sends a request with the next serial id and resolves with the raw reply (error replies included). */
  requestRaw(command: OutboundCommand, timeoutMs = this.options.timeoutMs ?? 20_000): Promise<GenericCommand> {
    const i = this.nextI++;
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error("socket not open"));
      const timer = setTimeout(() => {
        this.pending.delete(i);
        reject(new RequestTimeoutError(`request ${i} (cmd ${command.cmd}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(i, { resolve, reject, timer });
      this.ws.send(encodeCommand({ ...command, i }));
    });
  }

  /** Like requestRaw, but an `error` reply or an `ack` with a code rejects with ReplyError. */
  async request(command: OutboundCommand, timeoutMs?: number): Promise<GenericCommand> {
    const reply = await this.requestRaw(command, timeoutMs);
    const failure = replyFailure(reply);
    if (failure) throw new ReplyError(failure.code, failure.reason, reply);
    return reply;
  }

  async open(appId: string, peerId: string, extra: { r?: boolean; st?: string } = {}): Promise<GenericCommand> {
    return this.request({
      cmd: CommandType.session,
      op: OpType.open,
      appId,
      peerId,
      sessionMessage: { ua: "parley-bench/1", r: extra.r ?? false, ...(extra.st ? { st: extra.st } : {}), configBitmap: 187 },
    });
  }

  close(code = 1000): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code);
    return this.closed;
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** The error carried by a reply, if any: `error` command, `ack` with a code, or a failed `session/opened`. */
export function replyFailure(reply: GenericCommand): { code: number; reason: string } | undefined {
  if (reply.cmd === CommandType.error) return { code: reply.errorMessage?.code ?? 0, reason: reply.errorMessage?.reason ?? "" };
  if (reply.cmd === CommandType.ack && reply.ackMessage?.code) return { code: reply.ackMessage.code, reason: reply.ackMessage.reason ?? "" };
  if (reply.sessionMessage?.code) return { code: reply.sessionMessage.code, reason: reply.sessionMessage.reason ?? "" };
  return undefined;
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}
