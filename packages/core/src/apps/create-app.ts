import { z } from "zod";
import { DomainError } from "../errors.js";
import type { Actor } from "../events.js";
import { assertAppAdmin } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { AppSettings, type App } from "./types.js";

const AppIdentifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1…64 characters of A-Z a-z 0-9 _ -");
const Secret = z.string().min(8).max(128).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

export const CreateAppInput = z.object({
  /** Keep an app's LeanCloud id (and keys) when moving it to Parley; generated otherwise. */
  id: AppIdentifier.optional(),
  name: z.string().trim().min(1).max(200),
  key: Secret.optional(),
  masterKey: Secret.optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type CreateAppInput = z.input<typeof CreateAppInput>;

export type CreateAppResult = App;

/** Console admins only. Settings default to LeanCloud's limits. Duplicate id → CONFLICT. Emits `AppChanged`. */
export async function createApp(deps: CoreDeps, actor: Actor, input: CreateAppInput): Promise<CreateAppResult> {
  const p = parseInput(CreateAppInput, input);
  assertAppAdmin(actor);
  const settings = parseInput(AppSettings, p.settings);
  return deps.uow.run(async (tx) => {
    const id = p.id ?? deps.ids.objectId();
    if (await tx.apps.get(id)) throw new DomainError("CONFLICT", `app ${id} exists`, { appId: id });
    const now = new Date(deps.clock.now());
    const app: App = {
      id,
      name: p.name,
      key: p.key ?? deps.crypto.randomToken(24),
      masterKey: p.masterKey ?? deps.crypto.randomToken(24),
      settings,
      createdAt: now,
      updatedAt: now,
    };
    await tx.apps.insert(app);
    tx.emit([{ type: "AppChanged", appId: id, at: now.getTime() }]);
    return app;
  });
}
