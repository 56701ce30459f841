import type { DomainEvent } from "../../events.js";
import type { EventPublisher, Transaction, UnitOfWork } from "../../ports.js";
import { createInMemoryRepositories } from "./repositories.js";
import type { InMemoryStore } from "./state.js";

export interface InMemoryUnitOfWorkOptions {
  /** Called when publishing after a commit fails (the commit stands). The error is also kept in `publishErrors`. */
  onPublishError?: (error: unknown, events: readonly DomainEvent[]) => void;
}

/**
 * Transactions over an `InMemoryStore`, with the same contract as the PostgreSQL one:
 * outermost runs are serialised (one at a time, like SERIALIZABLE without retries),
 * a failing run restores the state it started from, nested runs through
 * `tx.unitOfWork` are savepoints, and queued events are published after the outermost commit.
 */
export function createInMemoryUnitOfWork(
  store: InMemoryStore,
  publisher: EventPublisher,
  options: InMemoryUnitOfWorkOptions = {},
): UnitOfWork & { readonly publishErrors: unknown[] } {
  const publishErrors: unknown[] = [];
  let tail: Promise<void> = Promise.resolve();

  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  function transaction(queue: DomainEvent[]): Transaction {
    let open = true;
    const repos = createInMemoryRepositories(store);
    const guard = <T extends object>(repo: T): T =>
      new Proxy(repo, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            if (!open) throw new Error("transaction already finished");
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    const tx: Transaction & { close(): void } = {
      apps: guard(repos.apps),
      conversations: guard(repos.conversations),
      members: guard(repos.members),
      moderation: guard(repos.moderation),
      messages: guard(repos.messages),
      receipts: guard(repos.receipts),
      sessionTokens: guard(repos.sessionTokens),
      notifications: guard(repos.notifications),
      audit: guard(repos.audit),
      locks: guard(repos.locks),
      emit(events) {
        if (!open) throw new Error("transaction already finished");
        queue.push(...events);
      },
      unitOfWork: {
        run: (fn) => savepoint(fn, queue),
      },
      close() {
        open = false;
      },
    };
    return tx;
  }

  async function savepoint<T>(fn: (tx: Transaction) => Promise<T>, outerQueue: DomainEvent[]): Promise<T> {
    const snapshot = structuredClone(store.state);
    const queue: DomainEvent[] = [];
    const tx = transaction(queue);
    try {
      const result = await fn(tx);
      outerQueue.push(...queue);
      return result;
    } catch (error) {
      store.state = snapshot;
      throw error;
    } finally {
      (tx as Transaction & { close(): void }).close();
    }
  }

  return {
    publishErrors,
    async run(fn) {
      const queue: DomainEvent[] = [];
      const result = await exclusive(() => savepoint(fn, queue));
      if (queue.length > 0) {
        try {
          await publisher.publish(queue);
        } catch (error) {
          publishErrors.push(error);
          options.onPublishError?.(error, queue);
        }
      }
      return result;
    },
  };
}
