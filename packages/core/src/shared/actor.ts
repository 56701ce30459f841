import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";

/** Server and operator actors act with full rights. */
export const isPrivileged = (actor: Actor): boolean => actor.kind !== "client";

/** The client id of a client actor, else null. */
export const clientIdOf = (actor: Actor): string | null => (actor.kind === "client" ? actor.clientId : null);

/** The client id a client actor acts as; server and operator actors have none → FORBIDDEN. */
export function requireClient(actor: Actor): string {
  if (actor.kind !== "client") throw new DomainError("FORBIDDEN", "only a client can do this");
  return actor.clientId;
}

/**
 * Console viewers read only; moderators and admins may change conversations.
 * Clients and servers are checked by the domain policy instead.
 */
export function assertMayWrite(actor: Actor): void {
  if (actor.kind === "operator" && actor.role === "viewer") {
    throw new DomainError("FORBIDDEN", "viewers cannot change anything");
  }
}

/** App management is for console admins only. */
export function assertAppAdmin(actor: Actor): void {
  if (actor.kind !== "operator" || actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "only console admins manage apps");
  }
}
