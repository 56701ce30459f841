import { z } from "zod";
import type { Actor } from "../events.js";
import { assertAppAdmin } from "../shared/actor.js";
import type { CoreDeps } from "../shared/deps.js";
import { parseInput } from "../shared/input.js";
import { isPlainObject } from "../shared/json.js";
import { loadApp } from "../shared/load.js";
import { AppSettings, type App } from "./types.js";

export const UpdateAppInput = z.object({
  appId: z.string().min(1),
  name: z.string().trim().min(1).max(200).optional(),
  /** Deep-merged into the current settings (objects merge, arrays and values replace), then validated. */
  settings: z.record(z.string(), z.unknown()).optional(),
  rotateKey: z.boolean().default(false),
  rotateMasterKey: z.boolean().default(false),
});
export type UpdateAppInput = z.input<typeof UpdateAppInput>;

export type UpdateAppResult = App;

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Console admins only. Invalid merged settings → INVALID_INPUT. Emits `AppChanged` (adapters drop cached settings). */
export async function updateApp(deps: CoreDeps, actor: Actor, input: UpdateAppInput): Promise<UpdateAppResult> {
  const p = parseInput(UpdateAppInput, input);
  assertAppAdmin(actor);
  return deps.uow.run(async (tx) => {
    const current = await loadApp(tx, p.appId);
    const settings = p.settings ? parseInput(AppSettings, deepMerge(current.settings, p.settings)) : current.settings;
    const now = deps.clock.now();
    const app: App = {
      ...current,
      name: p.name ?? current.name,
      key: p.rotateKey ? deps.crypto.randomToken(24) : current.key,
      masterKey: p.rotateMasterKey ? deps.crypto.randomToken(24) : current.masterKey,
      settings,
      updatedAt: new Date(Math.max(now, current.updatedAt.getTime())),
    };
    await tx.apps.update(app);
    tx.emit([{ type: "AppChanged", appId: app.id, at: now }]);
    return app;
  });
}
