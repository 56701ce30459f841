// De-duplication of re-sent messages (protocol part 1, §5.1 [Rec]): the SDK stamps each message
// with `dt`, a client-generated id that a re-send of the same failed message object repeats.
// When the first attempt was stored but its ack never reached the client (a dropped connection,
// a timeout), the re-send is answered with the original `uid`/`t` instead of storing it twice.
// A duplicate that arrives while the first attempt is still running waits for it.
//
// Per node and in memory, bounded in size and time: a re-send that lands on another node or
// after a restart is stored again (a durable guard would need the token in the messages table).
export interface SentAck {
  uid: string;
  t: number;
}

export interface ResendGuardOptions {
  /** How long an ack is remembered. Default 10 min. */
  ttlMs?: number;
  /** Most entries kept; the oldest are dropped first. Default 50,000. */
  maxEntries?: number;
  now?: () => number;
}

export interface ResendGuard {
  /**
   * Runs `send` unless the same key was sent (or is being sent) recently, in which case the
   * earlier result is returned. Failures are not remembered: a failed send can be retried.
   */
  run(key: string, send: () => Promise<SentAck | null>): Promise<SentAck | null>;
  readonly size: number;
}

export function createResendGuard(options: ResendGuardOptions = {}): ResendGuard {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  // Insertion order = age order, so eviction drops from the front.
  const entries = new Map<string, { at: number; result: Promise<SentAck | null> }>();

  function evict(): void {
    const oldest = now() - ttlMs;
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && entry.at > oldest) break;
      entries.delete(key);
    }
  }

  return {
    run(key, send) {
      const known = entries.get(key);
      if (known && known.at > now() - ttlMs) return known.result;
      const result = send();
      const entry = { at: now(), result };
      entries.delete(key);
      entries.set(key, entry);
      // Only successful, stored sends are remembered.
      result.then(
        (ack) => {
          if (ack === null && entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      evict();
      return result;
    },
    get size() {
      return entries.size;
    },
  };
}
