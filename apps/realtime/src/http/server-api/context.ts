// What every route handler receives, and the route table's shape.
import type { Actor, App, CoreDeps } from "@parley/core";
import type { Privilege } from "./auth.js";

/** Online state of client ids (the realtime node's session hub, or a shared registry). */
export interface ServerApiPresence {
  onlineClientIds(appId: string, clientIds: readonly string[]): Promise<string[]>;
}

/** Closes every session of a client; resolves to the number of sessions closed. */
export type ServerApiKick = (appId: string, clientId: string, reason: string | null) => Promise<number>;

export interface ServerApiContext {
  deps: CoreDeps;
  app: App;
  /**
   * The server actor for this app. `clientId` is whom clients see as `initBy` or as the sender
   * (a REST `from_client`); without one, the configured system client id (§6 item 19).
   */
  actor(clientId?: string): Actor;
  /** Path parameters, URL-decoded. */
  params: Readonly<Record<string, string>>;
  /** Query parameters (the last value of a repeated name). */
  query: Readonly<Record<string, string>>;
  /** The parsed JSON body (`{}` when empty; GET requests never have one). */
  body: Record<string, unknown>;
  presence: ServerApiPresence | undefined;
  kick: ServerApiKick | undefined;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  method: HttpMethod;
  /** Under /1.2/rtm, e.g. "/conversations/:id/members". */
  path: string;
  /** Least privilege the route accepts (§1.3): nearly everything needs the master key. */
  auth: Privilege;
  /** Returns the JSON body of a 200 response; throws DomainError or HttpError. */
  handle(ctx: ServerApiContext): Promise<unknown>;
}
