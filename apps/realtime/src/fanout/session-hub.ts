// Local presence registry: (appId, clientId) → live sessions on this node, across connections.
// Pushes are encoded once (PreparedCommand) and written to every target session with its peerId.
import type { Session } from "../connection/session.js";
import { PreparedCommand } from "../protocol/prepared-command.js";
import type { OutboundCommand } from "../protocol/types.js";

export interface PushOptions {
  /** Skip the session with this id (the one a message came from; its other devices still get it). */
  exceptSessionId?: string | null;
}

const EMPTY: ReadonlySet<Session> = new Set();

/** Frames written per event-loop turn; larger fan-outs continue after setImmediate. */
export const PUSH_SLICE = 500;

/** Told of every session the hub gains or loses (e.g. a presence registry shared by several nodes). */
export interface SessionHubObserver {
  sessionAdded(session: Session): void;
  sessionRemoved(session: Session): void;
}

/** A push whose recipients were not all written yet. */
interface PendingPush {
  prepared: PreparedCommand;
  targets: Session[];
  /** Check each session is still registered when written (hub pushes; sessions may close meanwhile). */
  checkLive: boolean;
  next: number;
}

export class SessionHub {
  private readonly byClient = new Map<string, Set<Session>>();
  private sessionCount = 0;
  /** Pushes still being written, in push order: later pushes wait behind them (per-recipient order). */
  private backlog: PendingPush[] = [];
  private drainScheduled = false;
  private readonly observers = new Set<SessionHubObserver>();

  /** @param sliceSize frames written per event-loop turn (default PUSH_SLICE). */
  constructor(private readonly sliceSize: number = PUSH_SLICE) {}

  private static key(appId: string, clientId: string): string {
    return `${appId}\u0000${clientId}`;
  }

  add(session: Session): void {
    const key = SessionHub.key(session.appId, session.clientId);
    let set = this.byClient.get(key);
    if (!set) this.byClient.set(key, (set = new Set()));
    if (!set.has(session)) {
      set.add(session);
      this.sessionCount += 1;
      for (const observer of this.observers) observer.sessionAdded(session);
    }
  }

  remove(session: Session): boolean {
    const key = SessionHub.key(session.appId, session.clientId);
    const set = this.byClient.get(key);
    if (!set?.delete(session)) return false;
    this.sessionCount -= 1;
    if (set.size === 0) this.byClient.delete(key);
    for (const observer of this.observers) observer.sessionRemoved(session);
    return true;
  }

  /**
   * Tells `observer` of every session added or removed from now on, after telling it of each
   * session already here (as added). Returns the function that stops it.
   */
  observe(observer: SessionHubObserver): () => void {
    this.observers.add(observer);
    for (const sessions of this.byClient.values()) for (const session of sessions) observer.sessionAdded(session);
    return () => {
      this.observers.delete(observer);
    };
  }

  sessionsOf(appId: string, clientId: string): ReadonlySet<Session> {
    return this.byClient.get(SessionHub.key(appId, clientId)) ?? EMPTY;
  }

  isOnline(appId: string, clientId: string): boolean {
    return this.byClient.has(SessionHub.key(appId, clientId));
  }

  /** The subset of `clientIds` with at least one live session here, in input order, deduplicated. */
  onlineClientIds(appId: string, clientIds: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const id of clientIds) if (this.isOnline(appId, id)) out.add(id);
    return [...out];
  }

  /** Number of live sessions on this node. */
  get size(): number {
    return this.sessionCount;
  }

  /**
   * Pushes one command to every session of every given client. Returns the number of frames
   * written (or scheduled). Up to PUSH_SLICE frames are written at once; the rest follow in slices
   * on later event-loop turns, so a large fan-out never stalls the loop. Pushes stay in order.
   */
  push(appId: string, clientIds: Iterable<string>, command: OutboundCommand, options: PushOptions = {}): number {
    const targets: Session[] = [];
    for (const clientId of new Set(clientIds)) {
      const sessions = this.byClient.get(SessionHub.key(appId, clientId));
      if (!sessions) continue;
      for (const session of sessions) {
        if (options.exceptSessionId && session.id === options.exceptSessionId) continue;
        targets.push(session);
      }
    }
    return this.enqueue(command, targets, true);
  }

  /** Pushes one command to the given sessions (each gets its own client id as peerId). */
  pushToSessions(sessions: Iterable<Session>, command: OutboundCommand): number {
    return this.enqueue(command, [...sessions], false);
  }

  private enqueue(command: OutboundCommand, targets: Session[], checkLive: boolean): number {
    if (targets.length === 0) return 0;
    const job: PendingPush = { prepared: new PreparedCommand(command), targets, checkLive, next: 0 };
    if (this.backlog.length === 0) {
      this.writeSome(job, this.sliceSize, false);
      if (job.next >= targets.length) return targets.length;
    }
    this.backlog.push(job);
    this.scheduleDrain();
    return targets.length;
  }

  private writeSome(job: PendingPush, budget: number, verify: boolean): number {
    const end = Math.min(job.targets.length, job.next + budget);
    const start = job.next;
    for (let i = start; i < end; i++) {
      const session = job.targets[i]!;
      if (verify && !this.isRegistered(session)) continue; // closed while the push waited
      session.connection.sendPrepared(job.prepared, session.clientId);
    }
    job.next = end;
    return end - start;
  }

  private isRegistered(session: Session): boolean {
    return this.byClient.get(SessionHub.key(session.appId, session.clientId))?.has(session) ?? false;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      let budget = this.sliceSize;
      while (budget > 0 && this.backlog.length > 0) {
        const job = this.backlog[0]!;
        budget -= this.writeSome(job, budget, job.checkLive);
        if (job.next >= job.targets.length) this.backlog.shift();
      }
      if (this.backlog.length > 0) this.scheduleDrain();
    });
  }
}
