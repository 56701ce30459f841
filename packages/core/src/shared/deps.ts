import type { Clock, Crypto, IdGenerator, Presence, UnitOfWork } from "../ports.js";

/** What every use case takes first. Built once per process by each composition root. */
export interface CoreDeps {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  crypto: Crypto;
  /** Chat-room online counts; without it a chat room counts its joined members. */
  presence?: Presence;
}

/**
 * The same deps, with a unit of work that joins `tx`: use cases called with them run
 * inside the caller's transaction (e.g. a console action plus its audit row), and their
 * events are published after that transaction commits.
 */
export const joinTransaction = <D extends CoreDeps>(deps: D, tx: { unitOfWork: UnitOfWork }): D => ({ ...deps, uow: tx.unitOfWork });
