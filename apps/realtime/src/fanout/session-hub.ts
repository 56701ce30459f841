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

export class SessionHub {
  private readonly byClient = new Map<string, Set<Session>>();
  private sessionCount = 0;

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
    }
  }

  remove(session: Session): boolean {
    const key = SessionHub.key(session.appId, session.clientId);
    const set = this.byClient.get(key);
    if (!set?.delete(session)) return false;
    this.sessionCount -= 1;
    if (set.size === 0) this.byClient.delete(key);
    return true;
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

  /** Pushes one command to every session of every given client. Returns the number of frames written. */
  push(appId: string, clientIds: Iterable<string>, command: OutboundCommand, options: PushOptions = {}): number {
    let prepared: PreparedCommand | undefined;
    let written = 0;
    for (const clientId of new Set(clientIds)) {
      const sessions = this.byClient.get(SessionHub.key(appId, clientId));
      if (!sessions) continue;
      for (const session of sessions) {
        if (options.exceptSessionId && session.id === options.exceptSessionId) continue;
        prepared ??= new PreparedCommand(command);
        session.connection.sendPrepared(prepared, clientId);
        written += 1;
      }
    }
    return written;
  }

  /** Pushes one command to the given sessions (each gets its own client id as peerId). */
  pushToSessions(sessions: Iterable<Session>, command: OutboundCommand): number {
    let prepared: PreparedCommand | undefined;
    let written = 0;
    for (const session of sessions) {
      prepared ??= new PreparedCommand(command);
      session.connection.sendPrepared(prepared, session.clientId);
      written += 1;
    }
    return written;
  }
}
