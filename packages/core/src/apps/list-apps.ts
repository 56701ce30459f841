import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import type { App } from "./types.js";

export const ListAppsInput = z.object({}).default({});
export type ListAppsInput = z.input<typeof ListAppsInput>;

export interface ListAppsResult {
  apps: App[];
}

/** Every app, oldest first. Operators only. */
export async function listApps(deps: CoreDeps, actor: Actor, input: ListAppsInput = {}): Promise<ListAppsResult> {
  parseInput(ListAppsInput, input);
  if (actor.kind !== "operator") throw new DomainError("FORBIDDEN", "only operators list apps");
  return deps.uow.run(async (tx) => ({ apps: await tx.apps.list() }));
}
