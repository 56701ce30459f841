// One WebSocket connection: frames in → commands (in order) → dispatcher; commands out → frames.
// State machine: awaiting-login → ready (≥ 1 session) ⇄ awaiting-login → closing → closed.
import { CodecError, decodeBase64Command, decodeCommand, encodeCommand } from "../protocol/codec.js";
import { CommandType } from "../protocol/constants.js";
import { errorCodes, WireError } from "../protocol/errors.js";
import type { PreparedCommand } from "../protocol/prepared-command.js";
import type { GenericCommand, OutboundCommand } from "../protocol/types.js";
import type { Logger } from "../logger.js";
import type { Session } from "./session.js";
import type { Transport } from "./transport.js";

export type ConnectionState = "awaiting-login" | "ready" | "closing" | "closed";

export interface ConnectionOptions {
  /** Largest accepted protobuf payload (after base64 decoding). */
  maxFrameBytes: number;
  /** Close (terminate) the socket when more than this many bytes wait to be written. */
  maxOutboundBufferBytes: number;
  /** Close with 4108 when no session is open this long after connecting (or after the last session ended). */
  loginTimeoutMs: number;
  /** Close with 4107 when nothing was received for this long. */
  idleTimeoutMs: number;
  /** Commands waiting to be handled; more get 4116 MESSAGE_SENT_QUOTA_EXCEEDED. */
  maxPendingCommands: number;
  /** Handles one decoded command. Must not throw (the dispatcher turns errors into replies). */
  dispatch(connection: Connection, command: GenericCommand): Promise<void>;
  /** Called once when the socket is gone; the server drops the sessions from the hub. */
  onClosed(connection: Connection, code: number, reason: string): void;
  logger: Logger;
}

let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  /** App of this connection, fixed by the first successful session/open. */
  appId: string | undefined;
  /** Sessions by client id, in opening order (the first one is the default acting client). */
  readonly sessions = new Map<string, Session>();
  private stateValue: ConnectionState = "awaiting-login";
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  /** A command is being handled: pushes wait until its reply is out (see sendPrepared). */
  private handling = false;
  private heldPushes: Array<Buffer | string> = [];
  private loginTimer: NodeJS.Timeout | undefined;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    this.idleTimer = setTimeout(() => this.close(errorCodes.READ_TIMEOUT.code, "READ_TIMEOUT"), options.idleTimeoutMs);
    this.idleTimer.unref();
    this.armLoginTimer();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get isOpen(): boolean {
    return this.stateValue === "awaiting-login" || this.stateValue === "ready";
  }

  /** Any inbound activity (a frame, or a pong) postpones the read-idle timeout. */
  touch(): void {
    if (this.isOpen) this.idleTimer.refresh();
  }

  /** One WebSocket message from the transport. Never throws. */
  receive(data: Buffer, isBinary: boolean): void {
    if (!this.isOpen) return;
    this.touch();
    let command: GenericCommand;
    try {
      const limit = { maxBytes: this.options.maxFrameBytes };
      command = isBinary ? decodeCommand(data, limit) : decodeBase64Command(data.toString("latin1"), limit);
    } catch (err) {
      this.rejectFrame(err);
      return;
    }
    this.enqueue(command);
  }

  private rejectFrame(err: unknown): void {
    if (err instanceof CodecError && err.kind === "FRAME_TOO_LONG") {
      this.close(errorCodes.FRAME_TOO_LONG.code, "FRAME_TOO_LONG");
      return;
    }
    const detail = err instanceof Error ? err.message : "undecodable frame";
    this.options.logger.warn("malformed frame", { connection: this.id, detail });
    const serialId = err instanceof CodecError ? err.serialId : undefined;
    this.replyError(serialId, new WireError("INVALID_COMMAND", { detail }));
  }

  private enqueue(command: GenericCommand): void {
    if (this.pending >= this.options.maxPendingCommands) {
      this.replyError(command.i, new WireError("MESSAGE_SENT_QUOTA_EXCEEDED"));
      return;
    }
    this.pending += 1;
    this.queue = this.queue
      .then(async () => {
        if (!this.isOpen) return;
        this.handling = true;
        try {
          await this.options.dispatch(this, command);
        } finally {
          this.handling = false;
          // On the next turn, so the reply and the pushes leave in separate writes: an SDK reading
          // them in one chunk handles the pushes before the reply's promise chain has cached the
          // conversation, and then asks for it again.
          if (this.heldPushes.length > 0) setImmediate(() => this.releasePushes());
        }
      })
      .catch((err: unknown) => this.options.logger.error("dispatch failed", { connection: this.id, err }))
      .finally(() => {
        this.pending -= 1;
      });
  }

  /** Sends a command (a reply or a single-recipient push) in this connection's frame format. */
  send(command: OutboundCommand): void {
    if (!this.isOpen) return;
    const bytes = encodeCommand(command);
    this.write(this.transport.format === "binary" ? bytes : bytes.toString("base64"));
  }

  /**
   * Sends a push encoded once for many recipients, with `peerId` set for this one. While a
   * command of this connection is being handled the push waits for its reply: the events a
   * request causes (e.g. `joined` after `conv start`) then reach the SDK after the reply that
   * tells it about the conversation, instead of making it look the conversation up again.
   */
  sendPrepared(prepared: PreparedCommand, peerId?: string): void {
    if (!this.isOpen) return;
    const frame = prepared.frame(this.transport.format, peerId);
    if (this.handling || this.heldPushes.length > 0) this.heldPushes.push(frame); // keep push order
    else this.write(frame);
  }

  private releasePushes(): void {
    const held = this.heldPushes;
    this.heldPushes = [];
    for (const frame of held) if (this.isOpen) this.write(frame);
  }

  /** Answers `request` (copies its serial id). Requests without `i` get no reply. */
  reply(request: GenericCommand, response: OutboundCommand): void {
    if (!request.i) return;
    this.send({ ...response, i: request.i });
  }

  /** Error reply. Without a serial id an error push is sent (the SDK logs it and moves on). */
  replyError(serialId: number | undefined, error: WireError): void {
    const command: OutboundCommand = { cmd: CommandType.error, errorMessage: error.toErrorCommand() };
    if (serialId) command.i = serialId;
    this.send(command);
  }

  private write(frame: Buffer | string): void {
    this.transport.send(frame);
    if (this.transport.bufferedAmount() > this.options.maxOutboundBufferBytes) {
      this.options.logger.warn("slow consumer, closing", { connection: this.id, buffered: this.transport.bufferedAmount() });
      this.close(1013, "SLOW_CONSUMER");
    }
  }

  /** The acting session of a command: by `peerId`, else the connection's first session. */
  resolveSession(peerId: string | undefined): Session | undefined {
    if (peerId) return this.sessions.get(peerId);
    return this.sessions.values().next().value;
  }

  addSession(session: Session): void {
    this.sessions.delete(session.clientId); // re-insert: a re-opened id moves to the end
    this.sessions.set(session.clientId, session);
    if (this.stateValue === "awaiting-login") this.stateValue = "ready";
    this.clearLoginTimer();
  }

  removeSession(session: Session): boolean {
    if (this.sessions.get(session.clientId) !== session) return false;
    this.sessions.delete(session.clientId);
    if (this.sessions.size === 0 && this.stateValue === "ready") {
      this.stateValue = "awaiting-login";
      this.armLoginTimer();
    }
    return true;
  }

  /** Starts the closing handshake. Idempotent. */
  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.stateValue = "closing";
    this.clearTimers();
    this.transport.close(code, reason);
  }

  /** Called by the transport when the socket is closed (by either side). Idempotent. */
  transportClosed(code: number, reason: string): void {
    if (this.stateValue === "closed") return;
    this.stateValue = "closed";
    this.clearTimers();
    this.options.onClosed(this, code, reason);
  }

  private armLoginTimer(): void {
    this.clearLoginTimer();
    this.loginTimer = setTimeout(
      () => this.close(errorCodes.LOGIN_TIMEOUT.code, "LOGIN_TIMEOUT"),
      this.options.loginTimeoutMs,
    );
    this.loginTimer.unref();
  }

  private clearLoginTimer(): void {
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }

  private clearTimers(): void {
    this.clearLoginTimer();
    clearTimeout(this.idleTimer);
  }
}
