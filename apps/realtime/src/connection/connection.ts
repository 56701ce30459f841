// One WebSocket connection: frames in → commands (in order) → dispatcher; commands out → frames.
// State machine: awaiting-login → ready (≥ 1 session) ⇄ awaiting-login → closing → closed.
import { CodecError, decodeBase64Command, decodeCommand, encodeCommand } from "../protocol/codec.js";
import { CommandType } from "../protocol/constants.js";
import { deadlineExceededError, errorCodes, WireError } from "../protocol/errors.js";
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
  /** `direct` commands of one connection handled concurrently (replies still leave in request order). Default 32. */
  maxConcurrentDirects?: number;
  /** A command that waited longer than this in the queue is refused (4116) instead of handled. Default 15 s. */
  queueDeadlineMs?: number;
  /**
   * Deadline of a command, counted from its arrival (queueing included), ms. Default 15 s: under
   * the SDK's 20 s request timeout, so the client hears the outcome before it gives up. 0 = none.
   * When it passes, the signal given to `dispatch` aborts with deadlineExceededError (4301):
   * storage work that has not started committing is rolled back and the command is answered with
   * that error. A command still running COMMAND_ABANDON_GRACE_MS later (its commit was in flight,
   * so its outcome is unknown) gets no failure reply: the connection stops waiting for it (later
   * replies are no longer held behind it) and sends its real reply whenever it comes.
   */
  commandDeadlineMs?: number;
  /**
   * Handles one decoded command. Must not throw (the dispatcher turns errors into replies).
   * `signal` aborts when the command's deadline passes (see commandDeadlineMs).
   */
  dispatch(connection: Connection, command: GenericCommand, signal?: AbortSignal): Promise<void>;
  /** Called once when the socket is gone; the server drops the sessions from the hub. */
  onClosed(connection: Connection, code: number, reason: string): void;
  logger: Logger;
}

let nextConnectionId = 1;

export const DEFAULT_COMMAND_DEADLINE_MS = 15_000;
/**
 * After its deadline, how long a command may still take to answer (an aborted unit of work
 * rejects at once, so this is only reached when a commit is in flight) before the connection
 * stops waiting for it. Deadline + grace stays under the SDK's 20 s.
 */
export const COMMAND_ABANDON_GRACE_MS = 1_000;

/** One received command from arrival until its replies are written (in arrival order). */
interface Slot {
  readonly command: GenericCommand;
  readonly arrivedAt: number;
  /** `direct` commands may run concurrently with each other; anything else runs alone. */
  readonly concurrent: boolean;
  started: boolean;
  done: boolean;
  /** The deadline timer, then the abandon timer (see commandDeadlineMs). */
  timer?: NodeJS.Timeout;
  /** Replies produced while an earlier command is still unanswered. */
  out: Array<Buffer | string>;
}

export class Connection {
  readonly id = nextConnectionId++;
  /** App of this connection, fixed by the first successful session/open. */
  appId: string | undefined;
  /** Sessions by client id, in opening order (the first one is the default acting client). */
  readonly sessions = new Map<string, Session>();
  /** Sessions ever opened on this connection. */
  private sessionsOpened = 0;
  /**
   * The SDK omits `peerId` on its commands only while its Realtime instance has only ever had one
   * client, and routes a push without `peerId` to that first client (protocol part 1, §3.4). Once
   * this connection's only-ever session has sent such a command, pushes to it drop `peerId`, so
   * one fan-out frame is shared by every such recipient instead of copied per recipient.
   */
  private soleClient = false;
  private stateValue: ConnectionState = "awaiting-login";
  /** Received commands not yet fully answered, in arrival order (queued, running, or done with replies held). */
  private slots: Slot[] = [];
  private pending = 0;
  /** Commands being handled now; while > 0 pushes wait until the replies are out (see sendPrepared). */
  private running = 0;
  /** A non-direct command is running: nothing else may start. */
  private exclusive = false;
  private pumping = false;
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
    this.sendError(serialId, new WireError("INVALID_COMMAND", { detail }));
  }

  private enqueue(command: GenericCommand): void {
    if (this.pending >= this.options.maxPendingCommands) {
      this.sendError(command.i, new WireError("MESSAGE_SENT_QUOTA_EXCEEDED"));
      return;
    }
    this.pending += 1;
    this.slots.push({
      command,
      arrivedAt: performance.now(),
      concurrent: command.cmd === CommandType.direct,
      started: false,
      done: false,
      out: [],
    });
    this.pump();
  }

  /**
   * Starts every queued command that may run now, in arrival order: consecutive `direct`s run
   * concurrently (up to maxConcurrentDirects); any other command waits until everything before it
   * is finished, and everything after it waits for it.
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const maxConcurrent = this.options.maxConcurrentDirects ?? 32;
      for (;;) {
        const slot = this.slots.find((s) => !s.started);
        if (!slot) break;
        if (this.exclusive) break;
        if (slot.concurrent ? this.running >= maxConcurrent : this.running > 0) break;
        this.start(slot);
      }
    } finally {
      this.pumping = false;
    }
  }

  private start(slot: Slot): void {
    slot.started = true;
    this.running += 1;
    if (!slot.concurrent) this.exclusive = true;
    if (!this.isOpen) {
      this.finish(slot);
      return;
    }
    const commandDeadline = this.options.commandDeadlineMs ?? DEFAULT_COMMAND_DEADLINE_MS;
    const queueDeadline = this.options.queueDeadlineMs ?? 15_000;
    const deadline = commandDeadline > 0 ? Math.min(queueDeadline, commandDeadline) : queueDeadline;
    if (performance.now() - slot.arrivedAt > deadline) {
      // Nobody waits for it any more (the SDK gives up after 20 s), or no time is left to do it:
      // refuse instead of doing the work.
      this.refuseLate(slot);
      this.finish(slot);
      return;
    }
    const signal = this.armDeadline(slot);
    let dispatched: Promise<void>;
    try {
      dispatched = this.options.dispatch(this, slot.command, signal);
    } catch (err) {
      dispatched = Promise.reject(err);
    }
    dispatched
      .catch((err: unknown) => this.options.logger.error("dispatch failed", { connection: this.id, err }))
      .finally(() => this.finish(slot));
  }

  /**
   * The command's deadline: at arrival + commandDeadlineMs its signal aborts (the dispatcher
   * then answers 4301 unless a commit is in flight); COMMAND_ABANDON_GRACE_MS later, a command
   * still running is abandoned (see commandDeadlineMs).
   */
  private armDeadline(slot: Slot): AbortSignal | undefined {
    const deadlineMs = this.options.commandDeadlineMs ?? DEFAULT_COMMAND_DEADLINE_MS;
    if (deadlineMs <= 0) return undefined;
    const controller = new AbortController();
    const abandon = () => {
      if (slot.done) return;
      this.options.logger.warn("command abandoned after its deadline (commit outcome pending)", {
        connection: this.id,
        cmd: slot.command.cmd,
        op: slot.command.op,
        i: slot.command.i,
      });
      this.finish(slot);
    };
    const expire = () => {
      if (slot.done) return;
      controller.abort(deadlineExceededError(deadlineMs));
      if (!slot.done) slot.timer = setTimeout(abandon, COMMAND_ABANDON_GRACE_MS).unref();
    };
    slot.timer = setTimeout(expire, Math.max(0, slot.arrivedAt + deadlineMs - performance.now())).unref();
    return controller.signal;
  }

  private refuseLate(slot: Slot): void {
    const { command } = slot;
    if (!command.i) return; // fire-and-forget: just dropped
    const error = new WireError("MESSAGE_SENT_QUOTA_EXCEEDED");
    if (command.cmd === CommandType.direct) {
      const { code, reason, appCode, appMsg } = error.toErrorCommand();
      this.reply(command, { cmd: CommandType.ack, ackMessage: { code, reason, appCode, appMsg } });
    } else {
      this.replyError(command.i, error);
    }
  }

  /** Retires a command (idempotent: an abandoned command finishes again when its handler returns). */
  private finish(slot: Slot): void {
    if (slot.done) return;
    slot.done = true;
    clearTimeout(slot.timer);
    this.running -= 1;
    if (!slot.concurrent) this.exclusive = false;
    this.pending -= 1;
    this.flushReplies();
    // On the next turn, so the reply and the pushes leave in separate writes: an SDK reading
    // them in one chunk handles the pushes before the reply's promise chain has cached the
    // conversation, and then asks for it again.
    if (this.heldPushes.length > 0) setImmediate(() => this.releasePushes());
    this.pump();
  }

  /** Writes held replies of the oldest commands and retires the finished ones from the front. */
  private flushReplies(): void {
    while (this.slots.length > 0) {
      const head = this.slots[0]!;
      if (head.out.length > 0) {
        const out = head.out;
        head.out = [];
        for (const frame of out) if (this.isOpen) this.write(frame);
      }
      if (!head.done) break;
      this.slots.shift();
    }
  }

  /** The unfinished running command a reply belongs to (by identity, else by serial id). */
  private slotOf(request: GenericCommand | undefined, serialId: number | undefined): Slot | undefined {
    for (const slot of this.slots) {
      if (!slot.started || slot.done) continue;
      if (request ? slot.command === request : serialId !== undefined && slot.command.i === serialId) return slot;
    }
    return undefined;
  }

  /** Writes a reply now, or holds it while an earlier command is still unanswered. */
  private sendReply(slot: Slot | undefined, command: OutboundCommand): void {
    if (!this.isOpen) return;
    const bytes = encodeCommand(command);
    const frame = this.transport.format === "binary" ? bytes : bytes.toString("base64");
    if (slot && this.slots[0] !== slot) slot.out.push(frame);
    else this.write(frame);
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
    const frame = prepared.frame(this.transport.format, this.soleClient ? undefined : peerId);
    if (this.running > 0 || this.heldPushes.length > 0) this.heldPushes.push(frame); // keep push order
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
    this.sendReply(this.slotOf(request, undefined), { ...response, i: request.i });
  }

  /** Error reply. Without a serial id an error push is sent (the SDK logs it and moves on). */
  replyError(serialId: number | undefined, error: WireError): void {
    const command: OutboundCommand = { cmd: CommandType.error, errorMessage: error.toErrorCommand() };
    if (serialId) command.i = serialId;
    this.sendReply(serialId ? this.slotOf(undefined, serialId) : undefined, command);
  }

  /** An error written at once (for a frame that never became a queued command). */
  private sendError(serialId: number | undefined, error: WireError): void {
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
    if (this.sessions.size === 1 && this.sessionsOpened === 1) this.soleClient = true;
    return this.sessions.values().next().value;
  }

  addSession(session: Session): void {
    if (++this.sessionsOpened > 1) this.soleClient = false;
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
