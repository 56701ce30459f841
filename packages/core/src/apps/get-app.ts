import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { loadApp } from "../shared/load.js";
import type { App } from "./types.js";

export const GetAppInput = z.object({
  appId: z.string().min(1),
});
export type GetAppInput = z.input<typeof GetAppInput>;

export type GetAppResult = App;

/** Operators read any app; a server actor only its own. Clients → FORBIDDEN. Unknown → APP_NOT_FOUND. */
export async function getApp(deps: CoreDeps, actor: Actor, input: GetAppInput): Promise<GetAppResult> {
  const p = parseInput(GetAppInput, input);
  if (actor.kind === "client" || (actor.kind === "server" && actor.appId !== p.appId)) {
    throw new DomainError("FORBIDDEN", "not allowed to read this app");
  }
  return deps.uow.run((tx) => loadApp(tx, p.appId));
}
